// The Era interface of E2 (model/core/era.hpp).
#pragma once
#include "model/core/era.hpp"

namespace dcsim::model::e2 {

const EraModel& era_model();

}  // namespace dcsim::model::e2
