// autofs4 of Linux 2.6.22-2.6.27 (fs/autofs4/root.c, waitq.c, expire.c),
// with the changes of seeds 000/001 selected by the rules
// autofs4.hash_in_lookup, autofs4.unhashed_reuse, autofs4.wait_match and
// autofs4.mount (Al Viro's "the kernel moves it in", seed 001).
// An indirect mount: the autofs root's children are the map's keys, each a
// mount point the automount daemon mounts on demand and expires.
#pragma once
#include <string>
#include <vector>

#include "model/core/kernel.hpp"

namespace dcsim::model::autofs4 {

struct Config {
  std::vector<std::string> map;      // keys the daemon's map has; others get FAIL (ENOENT)
  std::vector<std::string> mounted;  // keys already mounted when the scenario starts
  // Keys the daemon made as symlinks (autofs4_dir_symlink, for a map entry
  // on a local file system) before the scenario starts.
  std::vector<std::string> symlinks;
  unsigned daemon_threads = 1;       // automount threads reading the pipe
};

// The names of the daemon threads mount() starts: "Dm", "Dm2", ...
std::vector<std::string> daemon_names(unsigned count);

// Mounts autofs as the directory `name` under `parent` and starts the
// daemon threads (oz_mode). Called from Program setup (no visible steps).
void mount(Kernel& k, Dentry* parent, const std::string& name, const Config& config);

// ioctl(AUTOFS_IOC_EXPIRE_MULTI) on the autofs root above `path`, asking
// for the expire of its last component (autofs4_expire_multi): 0, or
// -EAGAIN when that key is not mounted or is busy.
int sys_expire(Kernel& k, const std::string& path);

}  // namespace dcsim::model::autofs4
