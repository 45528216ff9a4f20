#include "model/core/syscalls.hpp"

#include <stdexcept>

#include "model/core/namei.hpp"
#include "model/scenario/scenario.hpp"

namespace dcsim::model {

int run_core_syscall(Kernel& k, const OpSpec& op) {
  if (op.op == "stat") return sys_stat(k, op.path);
  if (op.op == "lstat") return sys_lstat(k, op.path);
  if (op.op == "open") return sys_open(k, op.path, op.flags);
  if (op.op == "unlink") return sys_unlink(k, op.path);
  if (op.op == "mkdir") return sys_mkdir(k, op.path);
  if (op.op == "rmdir") return sys_rmdir(k, op.path);
  throw std::logic_error("unknown op " + op.op);  // the loader rejects these
}

}  // namespace dcsim::model
