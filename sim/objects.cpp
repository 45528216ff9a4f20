#include "sim/objects.hpp"

#include <utility>

namespace dcsim::sim {

namespace {
// Slot vectors of finished executions, per OS thread (--jobs workers each
// have their own). A few, since executions can nest (a probe run inside a
// search).
constexpr std::size_t kSpareTables = 4;
thread_local std::vector<std::vector<ObjectInfo>> spare_tables;
}  // namespace

ObjectTable::ObjectTable() {
  if (!spare_tables.empty()) {
    slots_ = std::move(spare_tables.back());
    spare_tables.pop_back();
  }
}

ObjectTable::~ObjectTable() {
  if (spare_tables.size() < kSpareTables && slots_.capacity() != 0) {
    try {
      spare_tables.push_back(std::move(slots_));
    } catch (...) {
      // Not kept: the next table allocates afresh.
    }
  }
}

ObjectId ObjectTable::add(std::string_view kind, std::string_view name, ObjectId container) {
  if (size_ == slots_.size()) slots_.emplace_back();
  ObjectInfo& o = slots_[size_];
  // assign() keeps the capacity a previous execution left in the slot.
  o.kind.assign(kind);
  o.name.assign(name);
  o.container = container;
  o.owner = kNoThread;
  o.frame.clear();
  o.alive = true;
  o.freed_step = 0;
  o.freed_by = kNoThread;
  o.freed_in.clear();
  o.creator = creator_;
  o.shared = creator_ == kNoThread;
  return static_cast<ObjectId>(size_++);
}

ObjectId ObjectTable::add_stack(std::string_view kind, std::string_view name, ThreadId owner,
                                std::string_view frame) {
  ObjectId id = add(kind, name);
  slots_[id].owner = owner;
  slots_[id].frame.assign(frame);
  return id;
}

ObjectId ObjectTable::dead_ancestor(ObjectId id) const {
  for (ObjectId cur = id; cur != kNoObject; cur = at(cur).container)
    if (!slots_[cur].alive) return cur;
  return kNoObject;
}

void ObjectTable::end_lifetime(ObjectId id, std::uint64_t step, ThreadId by, std::string_view in) {
  ObjectInfo& o = at(id);
  o.alive = false;
  o.freed_step = step;
  o.freed_by = by;
  o.freed_in.assign(in);
}

std::string ObjectTable::describe(ObjectId id) const {
  if (id == kNoObject) return "-";
  return at(id).name;
}

}  // namespace dcsim::sim
