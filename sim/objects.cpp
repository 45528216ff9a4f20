#include "sim/objects.hpp"

namespace dcsim::sim {

ObjectId ObjectTable::add(std::string kind, std::string name, ObjectId container) {
  ObjectInfo info;
  info.kind = std::move(kind);
  info.name = std::move(name);
  info.container = container;
  objects_.push_back(std::move(info));
  return static_cast<ObjectId>(objects_.size() - 1);
}

ObjectId ObjectTable::add_stack(std::string kind, std::string name, ThreadId owner,
                                std::string frame) {
  ObjectId id = add(std::move(kind), std::move(name));
  objects_[id].owner = owner;
  objects_[id].frame = std::move(frame);
  return id;
}

ObjectId ObjectTable::dead_ancestor(ObjectId id) const {
  for (ObjectId cur = id; cur != kNoObject; cur = objects_.at(cur).container)
    if (!objects_.at(cur).alive) return cur;
  return kNoObject;
}

void ObjectTable::end_lifetime(ObjectId id, std::uint64_t step, ThreadId by, std::string in) {
  ObjectInfo& o = objects_.at(id);
  o.alive = false;
  o.freed_step = step;
  o.freed_by = by;
  o.freed_in = std::move(in);
}

std::string ObjectTable::describe(ObjectId id) const {
  if (id == kNoObject) return "-";
  return objects_.at(id).name;
}

}  // namespace dcsim::sim
