// NFSv4 client of Linux 4.7 (fs/nfs/dir.c) over a server that
// is part of the scenario: which names exist on it and whether each is a
// file or a directory. OPEN and LOOKUP are one visible step each (the RPC
// round trip), answered from the server's current state.
#pragma once
#include <map>
#include <string>

#include "model/core/kernel.hpp"

namespace dcsim::model::nfs {

struct Config {
  std::map<std::string, bool> entries;  // name -> is a directory, in the exported root
  // What OPEN of a name answers instead of looking at `entries`: a negative
  // errno (-ENOENT, -EISDIR, -ENOTDIR), as a server may for reasons the
  // model leaves out (a name that became a directory, or a symlink, or a
  // path component that is not a directory on the server's side).
  std::map<std::string, int> open_replies;
};

// Mounts the export at parent/name. Needs an E3 kernel (i_rwsem).
void mount(Kernel& k, Dentry* parent, const std::string& name, const Config& config);

// Another client creates the regular file `name` in the export mounted at
// `root` (a scenario event, one visible step): the directory's change
// attribute moves, so negative dentries verified before it go stale.
// Returns 0, or -EEXIST.
int server_create(Kernel& k, Dentry* root, const std::string& name);

}  // namespace dcsim::model::nfs
