// The command examples shown in README.md and docs/*.md, and the rule that
// compares a shown output with the real one.
//
// An example is a code block (indented by 4 spaces, or fenced with ```) whose
// first line is `$ ./build/explorer/dcsim ...`; the lines after it, to the end
// of the block, are the output it shows (stdout only; the exit code is not
// compared). Matching: a line that is only `...` matches any number of lines
// (none included); `...` inside a line matches any text within that line;
// every other character must be equal. tests/docs/regen_docs.py rewrites the
// shown outputs from the real binary, keeping the elisions.
#pragma once
#include <string>
#include <vector>

namespace dcsim::docs {

struct DocExample {
  std::string file;  // relative to the repository root
  int line = 0;      // 1-based line of the `$` command
  std::string command;  // without the leading "$ "
  std::vector<std::string> expected;
};

std::vector<DocExample> find_examples(const std::string& file, const std::string& text);
bool line_matches(const std::string& pattern, const std::string& line);
bool output_matches(const std::vector<std::string>& expected, const std::vector<std::string>& actual);
std::vector<std::string> split_lines(const std::string& text);

}  // namespace dcsim::docs
