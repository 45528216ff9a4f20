// The dentry states the visual outputs show over time: the ones the seeds'
// races turn on (include/linux/dcache.h: d_unhashed, d_in_lookup, a NULL
// d_inode) and the end of its lifetime (d_free).
#include "model/core/kernel.hpp"

namespace dcsim::model {

namespace {
std::string dentry_state(const sim::Execution& ex, const Dentry* d) {
  if (!ex.objects().at(d->id).alive) return "freed";
  std::string s = (d->d_flags & DCACHE_PAR_LOOKUP) ? "in-lookup, " : "";
  s += d_unhashed(d) ? "unhashed" : "hashed";
  s += d->d_inode ? ", positive" : ", negative";
  return s;
}
}  // namespace

void Kernel::describe_states(std::vector<std::pair<sim::ObjectId, std::string>>& out) const {
  for (const Dentry* d : all_dentries) out.emplace_back(d->id, dentry_state(ex, d));
}

}  // namespace dcsim::model
