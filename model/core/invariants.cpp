#include "model/core/invariants.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace dcsim::model {

void check_r8_turn_negative(Kernel& k, Dentry* dentry, std::string_view who) {
  if (!k.rules.check_r8) return;
  // Threads in id order, so the message is the same in every run.
  std::map<sim::ThreadId, int> others;
  int own = 0;
  for (sim::ThreadId t : dentry->holders) {
    if (t == k.current())
      ++own;
    else
      ++others[t];
  }
  const int named = static_cast<int>(dentry->holders.size());
  const int unnamed = std::max(0, dentry->d_count - named);
  if (others.empty() && unnamed == 0) return;
  std::string holders;
  for (const auto& [t, n] : others)
    holders += fmt::format("{}{} ({} reference{})", holders.empty() ? "" : ", ", k.ex.thread_name(t),
                           n, n == 1 ? "" : "s");
  if (unnamed)
    holders += fmt::format("{}{} reference{} held by the cache, a vfsmount or the file system",
                           holders.empty() ? "" : ", ", unnamed, unnamed == 1 ? "" : "s");
  k.ex.fail(sim::Verdict::Bug,
            fmt::format("R8 violated: {} turns {} negative while others hold it (d_count {}, {} "
                        "of them {}'s): {}",
                        who, k.ex.objects().describe(dentry->id), dentry->d_count, own,
                        k.ex.thread_name(k.current()), holders),
            dentry->id);
}

}  // namespace dcsim::model
