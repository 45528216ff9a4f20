#include "model/core/era.hpp"

#include "model/core/dcache.hpp"
#include "model/protocol/builtins.hpp"

namespace dcsim::model {

const std::vector<protocol::Builtin>& EraModel::builtins() const {
  static const std::vector<protocol::Builtin> none;
  return none;
}

const DcacheOps& core_dcache_ops() {
  static const DcacheOps ops = [] {
    DcacheOps o;
    o.d_alloc = &model::d_alloc;
    o.d_add = &model::d_add;
    o.d_instantiate = &model::d_instantiate;
    o.d_rehash = &model::d_rehash;
    o.dput = [](Kernel& k, Dentry* d) { model::dput(k, d); };
    return o;
  }();
  return ops;
}

}  // namespace dcsim::model
