// The Era interface of E4 (model/core/era.hpp).
#pragma once
#include "model/core/era.hpp"

namespace dcsim::model::e4 {

const EraModel& era_model();

}  // namespace dcsim::model::e4
