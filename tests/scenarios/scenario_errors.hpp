// What the malformed-scenario tests share: a scenario that must not load,
// and the error it raises checked for the file, the JSON path and the words
// of what was expected.
#pragma once
#include <catch2/catch.hpp>

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "model/scenario/scenario.hpp"

namespace dcsim_test {

inline const std::string kBadFile = "bad.json";

// The error loading `text` (as kBadFile) raises; fails the test if it loads,
// and lets any other exception escape to Catch, which reports it as a failure.
inline dcsim::model::ScenarioError load_text_error(std::string_view text) {
  try {
    dcsim::model::load_scenario_text(text, kBadFile);
  } catch (const dcsim::model::ScenarioError& e) {
    return e;
  }
  FAIL("the scenario loaded without error");
  return dcsim::model::ScenarioError("", "", "");
}

inline dcsim::model::ScenarioError load_error(const nlohmann::json& doc) { return load_text_error(doc.dump()); }

// The error names kBadFile and `path`, its expectation has every word, and
// what() reads "file: path: expected".
inline void check_text_error(std::string_view text, const std::string& path,
                             std::initializer_list<std::string_view> words) {
  const dcsim::model::ScenarioError e = load_text_error(text);
  INFO("what(): " << e.what());
  CHECK(e.file() == kBadFile);
  CHECK(e.path() == path);
  for (std::string_view word : words) CHECK_THAT(e.expected(), Catch::Matchers::Contains(std::string(word)));
  CHECK(std::string(e.what()) ==
        kBadFile + ": " + (e.path().empty() ? std::string("/") : e.path()) + ": " + e.expected());
}

inline void check_error(const nlohmann::json& doc, const std::string& path,
                        std::initializer_list<std::string_view> words) {
  check_text_error(doc.dump(), path, words);
}

}  // namespace dcsim_test
