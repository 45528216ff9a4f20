// The table of simulated objects and their lifetimes. A use-after-free is an
// access to an object whose lifetime ended: freed, or the stack frame it
// lived in returned (an object ends with its owner: the stack-frame rule).
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
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
  // Checked footprints: an object a thread creates is private to it (no
  // footprint needs to name it) until another thread names or touches it.
  ThreadId creator = kNoThread;  // kNoThread: made by set-up code, shared from the start
  bool shared = true;
};

// A stateless search rebuilds the world for every execution, so the table's
// slots (and the strings in them) are kept from one execution to the next on
// the same OS thread and overwritten in place: in the steady state adding an
// object allocates nothing.
class ObjectTable {
 public:
  ObjectTable();
  ~ObjectTable();
  ObjectTable(const ObjectTable&) = delete;
  ObjectTable& operator=(const ObjectTable&) = delete;

  ObjectId add(std::string_view kind, std::string_view name, ObjectId container = kNoObject);
  ObjectId add_stack(std::string_view kind, std::string_view name, ThreadId owner,
                     std::string_view frame);

  const ObjectInfo& at(ObjectId id) const { return slots_[checked(id)]; }
  ObjectInfo& at(ObjectId id) { return slots_[checked(id)]; }
  std::size_t size() const { return size_; }

  // The object, or the first enclosing object, that is dead; kNoObject if alive.
  ObjectId dead_ancestor(ObjectId id) const;
  void end_lifetime(ObjectId id, std::uint64_t step, ThreadId by, std::string_view in);
  void rename(ObjectId id, std::string_view name) { at(id).name.assign(name); }
  // The thread whose code runs now: objects added meanwhile are its own.
  void set_creator(ThreadId t) { creator_ = t; }

  // "kind name", or "name" when the name already says what it is.
  std::string describe(ObjectId id) const;

 private:
  std::size_t checked(ObjectId id) const {
    if (id >= size_) throw std::out_of_range("dcsim: no such object");
    return id;
  }

  std::vector<ObjectInfo> slots_;  // [0, size_) are this execution's objects
  std::size_t size_ = 0;
  ThreadId creator_ = kNoThread;
};

}  // namespace dcsim::sim
