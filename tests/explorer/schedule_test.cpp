#include <catch2/catch.hpp>

#include "explorer/schedule.hpp"

using dcsim::explorer::format_schedule;
using dcsim::explorer::parse_schedule;
using dcsim::explorer::Schedule;

TEST_CASE("schedule: run-length text form round-trips", "[explorer]") {
  const Schedule s = {0, 0, 0, 1, 2, 2, 0};
  CHECK(format_schedule(s) == "0x3,1,2x2,0");
  CHECK(parse_schedule("0x3,1,2x2,0") == s);
  CHECK(parse_schedule(format_schedule(s)) == s);
  CHECK(format_schedule({}) == "");
  CHECK(parse_schedule("").empty());
  CHECK(parse_schedule("12x2\n") == Schedule{12, 12});
}

TEST_CASE("schedule: malformed text says what was expected", "[explorer]") {
  auto message = [](const char* text) {
    try {
      parse_schedule(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message("0,,1").find("thread number") != std::string::npos);
  CHECK(message("a").find("thread number") != std::string::npos);
  CHECK(message("1x").find("repeat count") != std::string::npos);
  CHECK(message("1x0").find("at least 1") != std::string::npos);
  CHECK(message("-1").find("thread number") != std::string::npos);
  CHECK(message("99999999999999999999").find("thread number") != std::string::npos);
}
