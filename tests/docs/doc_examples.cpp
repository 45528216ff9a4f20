#include "doc_examples.hpp"

#include <functional>
#include <map>
#include <utility>

namespace dcsim::docs {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : text) {
    if (c == '\n') {
      lines.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) lines.push_back(cur);
  return lines;
}

namespace {
const std::string kPrompt = "$ ./build/explorer/dcsim";

bool starts_with(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }
}  // namespace

std::vector<DocExample> find_examples(const std::string& file, const std::string& text) {
  std::vector<DocExample> out;
  const auto lines = split_lines(text);
  bool fenced = false;
  DocExample* cur = nullptr;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (starts_with(l, "```")) {
      fenced = !fenced;
      cur = nullptr;
      continue;
    }
    std::string body;
    if (fenced) {
      body = l;
    } else if (starts_with(l, "    ")) {
      body = l.substr(4);
    } else {
      // An indented block ends at a line not indented by 4 spaces (an empty
      // line too: an empty output line is shown as 4 spaces).
      cur = nullptr;
      continue;
    }
    if (starts_with(body, kPrompt)) {
      out.push_back({file, static_cast<int>(i + 1), body.substr(2), {}});
      cur = &out.back();
    } else if (cur) {
      cur->expected.push_back(body);
    }
  }
  return out;
}

bool line_matches(const std::string& pattern, const std::string& line) {
  std::vector<std::string> parts;
  std::size_t from = 0;
  for (std::size_t at; (at = pattern.find("...", from)) != std::string::npos; from = at + 3)
    parts.push_back(pattern.substr(from, at - from));
  parts.push_back(pattern.substr(from));
  if (parts.size() == 1) return pattern == line;
  // First part anchored at the start, last at the end, the middle ones in order.
  if (!starts_with(line, parts.front())) return false;
  std::size_t pos = parts.front().size();
  const std::string& last = parts.back();
  for (std::size_t k = 1; k + 1 < parts.size(); ++k) {
    const auto at = line.find(parts[k], pos);
    if (at == std::string::npos) return false;
    pos = at + parts[k].size();
  }
  return line.size() >= pos + last.size() && line.compare(line.size() - last.size(), last.size(), last) == 0;
}

bool output_matches(const std::vector<std::string>& expected, const std::vector<std::string>& actual) {
  std::map<std::pair<std::size_t, std::size_t>, bool> memo;
  std::function<bool(std::size_t, std::size_t)> go = [&](std::size_t e, std::size_t a) -> bool {
    if (e == expected.size()) return a == actual.size();
    const auto key = std::make_pair(e, a);
    if (auto it = memo.find(key); it != memo.end()) return it->second;
    bool ok;
    if (expected[e] == "...")
      ok = go(e + 1, a) || (a < actual.size() && go(e, a + 1));
    else
      ok = a < actual.size() && line_matches(expected[e], actual[a]) && go(e + 1, a + 1);
    return memo[key] = ok;
  };
  return go(0, 0);
}

}  // namespace dcsim::docs
