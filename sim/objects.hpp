// The table of simulated objects and their lifetimes. A use-after-free is an
// access to an object whose lifetime ended: freed, or the stack frame it
// lived in returned (an object ends with its owner: the stack-frame rule).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/ids.hpp"

namespace dcsim::sim {

struct ObjectInfo {
  std::string kind;  // "semaphore", "dentry", "lookup_info", ...
  std::string name;  // for reports: "i_sem of /dev", "dentry /dev/foo"
  ObjectId container = kNoObject;  // a field of another object dies with it
  ThreadId owner = kNoThread;      // stack objects: the thread whose frame holds it
  std::string frame;               // stack objects: the kernel function owning the frame
  bool alive = true;
  // Where its lifetime ended, for the use-after-free report.
  std::uint64_t freed_step = 0;
  ThreadId freed_by = kNoThread;
  std::string freed_in;
};

class ObjectTable {
 public:
  ObjectId add(std::string kind, std::string name, ObjectId container = kNoObject);
  ObjectId add_stack(std::string kind, std::string name, ThreadId owner, std::string frame);

  const ObjectInfo& at(ObjectId id) const { return objects_.at(id); }
  ObjectInfo& at(ObjectId id) { return objects_.at(id); }
  std::size_t size() const { return objects_.size(); }

  // The object, or the first enclosing object, that is dead; kNoObject if alive.
  ObjectId dead_ancestor(ObjectId id) const;
  void end_lifetime(ObjectId id, std::uint64_t step, ThreadId by, std::string in);
  void rename(ObjectId id, std::string name) { objects_.at(id).name = std::move(name); }

  // "kind name", or "name" when the name already says what it is.
  std::string describe(ObjectId id) const;

 private:
  std::vector<ObjectInfo> objects_;
};

}  // namespace dcsim::sim
