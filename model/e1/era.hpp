// The Era interface of E1 (model/core/era.hpp).
#pragma once
#include "model/core/era.hpp"

namespace dcsim::model::e1 {

const EraModel& era_model();

}  // namespace dcsim::model::e1
