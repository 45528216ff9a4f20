// Linux errno values by name, for syscall results and scenario expectations.
#pragma once
#include <cerrno>
#include <optional>
#include <string>
#include <string_view>

namespace dcsim::model {

// The host's <cerrno> names are the kernel's (asm-generic/errno-base.h),
// and the model uses them with the kernel's meaning.
static_assert(ENOENT == 2 && EEXIST == 17 && ENOTDIR == 20 && EISDIR == 21 && ENOTEMPTY == 39);

// "ENOENT" for 2 (positive or negated), "0" for success.
std::string errno_name(int err);
// Accepts "0", "ok" and the names above; nullopt otherwise.
std::optional<int> errno_from_name(std::string_view name);
// Every accepted name, for error messages and the schema.
std::string errno_names();

// The kernel's ERR_PTR convention: a value or a negative errno.
template <typename T>
struct ErrOr {
  T value{};
  int err = 0;  // 0 or -errno
  static ErrOr error(int e) { return ErrOr{T{}, e}; }
  bool is_err() const { return err != 0; }
};

}  // namespace dcsim::model
