// The Era interface of E3 (model/core/era.hpp).
#pragma once
#include "model/core/era.hpp"

namespace dcsim::model::e3 {

const EraModel& era_model();

}  // namespace dcsim::model::e3
