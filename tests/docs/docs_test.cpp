// The commands shown in README.md and docs/*.md, run with the built binary
// from the repository root, must print what the docs show (convention:
// tests/docs/doc_examples.hpp; regenerate with tests/docs/regen_docs.py).
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "doc_examples.hpp"

using namespace dcsim::docs;

namespace {

std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string run_stdout(const std::string& command) {
  const std::string shell = "cd '" DCSIM_SOURCE_DIR "' && " + command + " 2>/dev/null";
  std::string out;
  FILE* p = popen(shell.c_str(), "r");
  if (!p) return "<popen failed>";
  std::array<char, 4096> buf{};
  while (auto n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  pclose(p);
  return out;
}

std::vector<DocExample> all_examples() {
  namespace fs = std::filesystem;
  const fs::path root = DCSIM_SOURCE_DIR;
  std::vector<fs::path> files{root / "README.md"};
  std::vector<fs::path> docs;
  for (const auto& e : fs::directory_iterator(root / "docs"))
    if (e.path().extension() == ".md") docs.push_back(e.path());
  std::sort(docs.begin(), docs.end());
  files.insert(files.end(), docs.begin(), docs.end());
  std::vector<DocExample> all;
  for (const auto& f : files) {
    auto ex = find_examples(fs::relative(f, root).string(), read_text(f));
    all.insert(all.end(), ex.begin(), ex.end());
  }
  return all;
}

}  // namespace

TEST_CASE("the matcher: ... lines and ... inside a line", "[docs]") {
  const std::vector<std::string> actual{"search: dpor, every trace", "executions: 28", "a", "b", "60 passed, 0 failed"};
  CHECK(output_matches({"search: dpor, every trace", "executions: 28", "a", "b", "60 passed, 0 failed"}, actual));
  CHECK(output_matches({"search: ...", "...", "60 passed, ... failed"}, actual));
  CHECK(output_matches({"...", "executions: 28", "...", "b", "...", "60 passed, 0 failed", "..."}, actual));
  // A doctored figure fails, as the docs test does when a shown output changes.
  CHECK_FALSE(output_matches({"search: ...", "...", "7 passed, 0 failed"}, actual));
  CHECK_FALSE(output_matches({"search: dpor, every trace", "executions: 29", "..."}, actual));
  // A missing or extra line fails without a `...` line to absorb it.
  CHECK_FALSE(output_matches({"search: dpor, every trace", "executions: 28", "a", "60 passed, 0 failed"}, actual));
  CHECK_FALSE(output_matches({"search: ...", "executions: 28", "a", "b", "60 passed, 0 failed", "c"}, actual));
  CHECK(line_matches("PASS  ... found bug ...", "PASS  nfs  expected bug   found bug   12 executions"));
  CHECK_FALSE(line_matches("PASS  ... found ok", "PASS  nfs  expected ok  found bug"));
  CHECK_FALSE(line_matches("a...a", "a"));
}

TEST_CASE("examples are found in indented and fenced blocks", "[docs]") {
  const std::string md =
      "text\n\n    $ ./build/explorer/dcsim explore x.json\n    line 1\n    ...\n\nmore\n\n"
      "    ./build/explorer/dcsim replay x.json\n\n```\n$ ./build/explorer/dcsim rules\nr\n```\n";
  const auto ex = find_examples("t.md", md);
  REQUIRE(ex.size() == 2);
  CHECK(ex[0].line == 3);
  CHECK(ex[0].command == "./build/explorer/dcsim explore x.json");
  CHECK(ex[0].expected == std::vector<std::string>{"line 1", "..."});
  CHECK(ex[1].command == "./build/explorer/dcsim rules");
  CHECK(ex[1].expected == std::vector<std::string>{"r"});
}

TEST_CASE("the commands shown in README.md and docs/ print what they show", "[docs]") {
  const auto examples = all_examples();
  REQUIRE(examples.size() >= 3);
  for (const auto& ex : examples) {
    std::string command = ex.command;
    command.replace(0, std::string("./build/explorer/dcsim").size(), "'" DCSIM_BINARY "'");
    const std::string out = run_stdout(command);
    INFO(ex.file << ":" << ex.line << ": $ " << ex.command << "\n--- it printed:\n"
                 << out << "--- regenerate with: tests/docs/regen_docs.py");
    CHECK(output_matches(ex.expected, split_lines(out)));
  }
}

TEST_CASE("the docs test fails when a shown output changes", "[docs]") {
  // A temporary copy of README.md whose first example shows one line the
  // binary does not print: found like any example, it must no longer match,
  // while the untouched example does.
  namespace fs = std::filesystem;
  const std::string text = read_text(fs::path(DCSIM_SOURCE_DIR) / "README.md");
  const auto examples = find_examples("README.md", text);
  REQUIRE_FALSE(examples.empty());
  const DocExample& ex = examples.front();
  const auto shown = std::find_if(ex.expected.begin(), ex.expected.end(),
                                  [](const std::string& l) { return !l.empty() && l.find("...") == std::string::npos; });
  REQUIRE(shown != ex.expected.end());
  std::vector<std::string> lines = split_lines(text);
  const std::size_t at = static_cast<std::size_t>(ex.line) + static_cast<std::size_t>(shown - ex.expected.begin());
  REQUIRE(at < lines.size());
  REQUIRE(lines[at].find(*shown) != std::string::npos);
  lines[at] += " (changed)";
  const fs::path copy = fs::temp_directory_path() / "dcsim_docs_test_README.md";
  {
    std::ofstream out(copy);
    for (const std::string& l : lines) out << l << "\n";
  }
  const auto mutated = find_examples("README.md", read_text(copy));
  fs::remove(copy);
  REQUIRE(mutated.size() == examples.size());
  CHECK(mutated.front().command == ex.command);
  CHECK(mutated.front().expected != ex.expected);

  std::string command = ex.command;
  command.replace(0, std::string("./build/explorer/dcsim").size(), "'" DCSIM_BINARY "'");
  const std::vector<std::string> out = split_lines(run_stdout(command));
  CHECK(output_matches(ex.expected, out));
  CHECK_FALSE(output_matches(mutated.front().expected, out));
}
