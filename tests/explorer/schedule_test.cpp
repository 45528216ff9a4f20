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

TEST_CASE("schedule: numbers never wrap, and the error names the item", "[explorer][schedule]") {
  auto message = [](const std::string& text) {
    try {
      parse_schedule(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  // 2^32 once read as thread 0: now too large, the item named.
  CHECK_THAT(message("4294967296x1"), Catch::Contains("\"4294967296x1\"") && Catch::Contains("below 4294967295"));
  CHECK_THAT(message("4294967295"), Catch::Contains("below 4294967295"));
  CHECK_THAT(message("1000000000000"), Catch::Contains("\"1000000000000\"") && Catch::Contains("thread number"));
  CHECK_THAT(message("0x99999999999999999999"), Catch::Contains("repeat count") && Catch::Contains("too large"));
  CHECK_THAT(message("0x18446744073709551615"), Catch::Contains("repeat count too large"));
  CHECK_THAT(message("1x10000001"), Catch::Contains("repeat count too large"));
  // Items under the bound, but too many steps in all.
  CHECK_THAT(message("0x6000000,1x6000000"), Catch::Contains("\"1x6000000\"") && Catch::Contains("too long"));
  CHECK(parse_schedule("4294967294").front() == 4294967294u);
  // A huge item is echoed cut short.
  const std::string huge(100000, '7');
  const std::string m = message(huge);
  CHECK_THAT(m, Catch::Contains("(100000 characters)"));
  CHECK(m.size() < 300);
}
