#include "model/core/errno.hpp"

#include <array>
#include <cstdlib>
#include <utility>

namespace dcsim::model {

namespace {
constexpr std::array<std::pair<int, std::string_view>, 13> kNames{{
    {EPERM, "EPERM"},
    {ENOENT, "ENOENT"},
    {EINTR, "EINTR"},
    {EAGAIN, "EAGAIN"},
    {ENOMEM, "ENOMEM"},
    {EACCES, "EACCES"},
    {EBUSY, "EBUSY"},
    {EEXIST, "EEXIST"},
    {ENOTDIR, "ENOTDIR"},
    {EISDIR, "EISDIR"},
    {EINVAL, "EINVAL"},
    {ENAMETOOLONG, "ENAMETOOLONG"},
    {ENOTEMPTY, "ENOTEMPTY"},
}};
}  // namespace

std::string errno_name(int err) {
  if (err == 0) return "0";
  for (auto [n, name] : kNames)
    if (n == std::abs(err)) return std::string(name);
  return "errno " + std::to_string(std::abs(err));
}

std::optional<int> errno_from_name(std::string_view name) {
  if (name == "0" || name == "ok") return 0;
  for (auto [n, s] : kNames)
    if (s == name) return n;
  return std::nullopt;
}

std::string errno_names() {
  std::string out = "0";
  for (auto [n, s] : kNames) out += ", " + std::string(s);
  return out;
}

}  // namespace dcsim::model
