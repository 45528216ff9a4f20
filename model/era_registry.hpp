// The one place that knows every era: adding an era adds its folder and a
// line here.
#pragma once
#include <string_view>
#include <vector>

namespace dcsim::model {

// The eras the model has, each a folder model/e1 ... model/e4.
enum class Era { E1, E2, E3, E4 };
std::string_view to_string(Era e);

class EraModel;
struct Rule;
struct Profile;

// The model of `era` (model/eN/era.cpp): what the era-neutral code asks it.
const EraModel& era_model(Era era);

// Every era, in the order of the enum (the order `dcsim rules` lists rules).
const std::vector<Era>& all_eras();
// Every era, oldest kernel first (the order of the profiles).
const std::vector<Era>& eras_oldest_first();
const std::vector<Rule>& era_rules(Era era);
const std::vector<Profile>& era_profiles(Era era);

}  // namespace dcsim::model
