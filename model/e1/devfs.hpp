// devfs of Linux 2.5.74 (fs/devfs/base.c), with the fixes of
// seed 003 selected by the rules devfs.reacquire_i_sem and devfs.lookup_info.
// The devfs directory here is flat: the entries of the mounted root.
#pragma once
#include <deque>
#include <string>
#include <vector>

#include "model/core/kernel.hpp"
#include "sim/sync.hpp"

namespace dcsim::model::devfs {

struct DevfsEntry {
  std::string name;
  bool vfs_deletable = false;  // only entries made by mknod() may be unlinked
};

struct Event {  // struct devfsd_buf_entry
  std::string name;
  sim::ObjectId de;  // the devfs_entry it points to: try_modload()'s `tmp` on the caller's stack
};

// struct fs_info: devfsd's event queue and the two wait queues of seed 003.
struct FsInfo {
  explicit FsInfo(sim::Execution& ex);
  sim::RwLock dir_lock;               // root_entry->u.dir.lock, guards `entries`
  std::vector<DevfsEntry> entries;
  sim::ObjectId event_queue;          // devfsd_first_event .. devfsd_last_event
  std::deque<Event> events;
  sim::ObjectId devfsd_state;         // devfsd_sleeping
  bool devfsd_sleeping = false;
  sim::WaitQueue devfsd_wait_queue;   // devfsd sleeps here for events
  sim::WaitQueue revalidate_wait_queue;  // lookups sleep here until devfsd is idle
  sim::ThreadId devfsd_task = sim::kNoThread;
  std::vector<std::string> registers_on_lookup;  // names devfsd's handler makes appear
};

struct Config {
  std::vector<DevfsEntry> entries;
  bool devfsd = true;
  std::vector<std::string> registers_on_lookup;
};

// Mounts devfs as the directory `name` under `parent` and starts devfsd as a
// daemon thread. Called from Program setup (no visible steps).
void mount(Kernel& k, Dentry* parent, const std::string& name, const Config& config);

}  // namespace dcsim::model::devfs
