// The syscalls of a thread's `ops` that every 2.6 era runs through the
// path walk of model/core/namei.cpp.
#pragma once
#include "model/core/kernel.hpp"

namespace dcsim::model {

struct OpSpec;

// stat, lstat, open, unlink, mkdir, rmdir: the result or -errno.
int run_core_syscall(Kernel& k, const OpSpec& op);

}  // namespace dcsim::model
