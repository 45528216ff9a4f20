// GCC 12-14 with -fsanitize=address (the DCSIM_SANITIZE build) emits a false
// -Wmaybe-uninitialized from inside libstdc++'s <regex> wherever a std::regex
// is constructed (https://gcc.gnu.org/bugzilla/show_bug.cgi?id=105616). The
// warning is attributed to header lines, so it must be silenced before any
// include; the pop at the end of the file keeps the scope to this file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include "model/scenario/json_schema.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <variant>

namespace dcsim::model {
namespace {

using nlohmann::json;

// Path steps stay typed (index or key) until the end so errors can be sorted
// in document order: in an array "9" precedes "10", in an object it follows.
using Step = std::variant<std::size_t, std::string>;
using Path = std::vector<Step>;

struct Found {
  Path path;
  std::string message;
};
using FoundList = std::vector<Found>;

constexpr std::string_view kDefsPrefix = "#/$defs/";

std::string escapePointerToken(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string toPointer(const Path& path) {
  std::string out;
  for (const Step& step : path) {
    out += '/';
    if (const auto* index = std::get_if<std::size_t>(&step)) {
      out += std::to_string(*index);
    } else {
      out += escapePointerToken(std::get<std::string>(step));
    }
  }
  return out;
}

// Documents built in C++ may hold invalid UTF-8, and a message must never throw.
std::string dumpValue(const json& value) {
  std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
  // A whole object in a message would bury the point; the path locates it anyway.
  constexpr std::size_t kMax = 60;
  if (text.size() > kMax) {
    text.resize(kMax - 3);
    text += "...";
  }
  return text;
}

// Lists of allowed values read best with strings bare: "stat, lstat, open".
std::string listValues(const std::vector<const json*>& values) {
  std::string out;
  for (const json* value : values) {
    if (!out.empty()) out += ", ";
    out += value->is_string() ? value->get<std::string>() : dumpValue(*value);
  }
  return out;
}

std::string typeWords(std::string_view type) {
  if (type == "object") return "an object";
  if (type == "array") return "an array";
  if (type == "string") return "a string";
  if (type == "integer") return "an integer";
  if (type == "number") return "a number";
  if (type == "boolean") return "a boolean";
  if (type == "null") return "null";
  return {};  // unreachable: the constructor only admits the names above
}

// `type` is a name or an array of names: "a string, an integer or null".
std::string describeType(const json& type) {
  if (type.is_string()) return typeWords(type.get<std::string>());
  std::string out;
  for (std::size_t i = 0; i < type.size(); ++i) {
    if (i > 0) out += (i + 1 == type.size()) ? " or " : ", ";
    out += typeWords(type[i].get<std::string>());
  }
  return out;
}

std::string describeValue(const json& value) {
  switch (value.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a number";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::null: return "null";
    default: return "a non-JSON value";
  }
}

bool hasType(const json& value, std::string_view type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  // JSON Schema would accept 2.0 as an integer; scenarios want integers written as such.
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "null") return value.is_null();
  return false;
}

bool typeAllows(const json& type, const json& value) {
  if (type.is_string()) return hasType(value, type.get<std::string>());
  return std::any_of(type.begin(), type.end(),
                     [&](const json& name) { return hasType(value, name.get<std::string>()); });
}

// Exact for every pair of 64-bit integers, signed or not, where going through
// double would round; doubles are good enough once a fraction is involved.
int compareNumbers(const json& a, const json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    const bool aNegative = !a.is_number_unsigned() && a.get<std::int64_t>() < 0;
    const bool bNegative = !b.is_number_unsigned() && b.get<std::int64_t>() < 0;
    if (aNegative != bNegative) return aNegative ? -1 : 1;
    if (aNegative) {
      const auto x = a.get<std::int64_t>();
      const auto y = b.get<std::int64_t>();
      return (x > y) - (x < y);
    }
    const auto x = a.get<std::uint64_t>();
    const auto y = b.get<std::uint64_t>();
    return (x > y) - (x < y);
  }
  const auto x = a.get<double>();
  const auto y = b.get<double>();
  return (x > y) - (x < y);
}

// JSON Schema lengths count code points, not UTF-8 bytes.
std::size_t codePoints(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string plural(std::uint64_t count, const char* noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// nullptr when `ref` is not "#/$defs/NAME" or names no definition.
const json* lookupRef(const json& root, const std::string& ref) {
  if (ref.compare(0, kDefsPrefix.size(), kDefsPrefix) != 0) return nullptr;
  const std::string token = ref.substr(kDefsPrefix.size());
  if (token.empty() || token.find('/') != std::string::npos) return nullptr;
  std::string name;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] != '~') {
      name += token[i];
    } else if (i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      name += token[++i] == '0' ? '~' : '/';
    } else {
      return nullptr;
    }
  }
  if (!root.is_object()) return nullptr;
  const auto defs = root.find("$defs");
  if (defs == root.end() || !defs->is_object()) return nullptr;
  const auto target = defs->find(name);
  return target == defs->end() ? nullptr : &*target;
}

// Finds a keyword in a schema or, failing that, in what its $ref points to,
// so a variant written as {"$ref": ...} is described by its definition.
const json* findKeyword(const json& root, const json& schema, const char* keyword) {
  const json* current = &schema;
  while (current != nullptr && current->is_object()) {
    if (const auto it = current->find(keyword); it != current->end()) return &*it;
    const auto ref = current->find("$ref");
    if (ref == current->end()) break;
    current = lookupRef(root, ref->get<std::string>());  // chains are acyclic, see RefCycleCheck
  }
  return nullptr;
}

// ---------------------------------------------------------------- schema checks

[[noreturn]] void badSchema(const std::string& where, const std::string& what) {
  throw std::invalid_argument("JSON schema #" + where + ": " + what);
}

std::regex compilePattern(const std::string& pattern) { return std::regex(pattern, std::regex::ECMAScript); }

void requirePattern(const std::string& pattern, const std::string& where) {
  try {
    compilePattern(pattern);
  } catch (const std::regex_error& e) {
    badSchema(where, "invalid regular expression \"" + pattern + "\" (" + e.what() + ")");
  }
}

bool isAnnotation(std::string_view key) {
  return key == "$schema" || key == "$id" || key == "title" || key == "description" || key == "default" ||
         key == "examples" || key == "$comment" || key == "deprecated";
}

void checkTypeKeyword(const json& type, const std::string& where) {
  const auto known = [](const json& name) { return name.is_string() && !typeWords(name.get<std::string>()).empty(); };
  if (type.is_string() && known(type)) return;
  if (type.is_array() && !type.empty() && std::all_of(type.begin(), type.end(), known)) return;
  badSchema(where, "\"type\" must be one of object, array, string, integer, number, boolean, null, or a non-empty array of them");
}

// Rejects anything outside the supported subset up front, so a typo in a
// schema ("minLenght") fails loudly instead of silently accepting everything.
void checkSchema(const json& root, const json& schema, const std::string& at) {
  if (schema.is_boolean()) return;
  if (!schema.is_object()) badSchema(at, "a schema must be an object or a boolean");
  for (auto it = schema.begin(); it != schema.end(); ++it) {
    const std::string& key = it.key();
    const json& value = it.value();
    const std::string here = at + "/" + escapePointerToken(key);
    if (key == "type") {
      checkTypeKeyword(value, here);
    } else if (key == "properties" || key == "patternProperties" || key == "$defs") {
      if (!value.is_object()) badSchema(here, "\"" + key + "\" must be an object of schemas");
      for (auto sub = value.begin(); sub != value.end(); ++sub) {
        const std::string subHere = here + "/" + escapePointerToken(sub.key());
        if (key == "patternProperties") requirePattern(sub.key(), subHere);
        checkSchema(root, sub.value(), subHere);
      }
    } else if (key == "additionalProperties" || key == "items") {
      checkSchema(root, value, here);
    } else if (key == "oneOf" || key == "anyOf") {
      if (!value.is_array() || value.empty()) badSchema(here, "\"" + key + "\" must be a non-empty array of schemas");
      for (std::size_t i = 0; i < value.size(); ++i) checkSchema(root, value[i], here + "/" + std::to_string(i));
    } else if (key == "required") {
      if (!value.is_array() || !std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); }))
        badSchema(here, "\"required\" must be an array of strings");
    } else if (key == "minItems" || key == "maxItems" || key == "minLength" || key == "maxLength") {
      if (!value.is_number_integer() || (!value.is_number_unsigned() && value.get<std::int64_t>() < 0))
        badSchema(here, "\"" + key + "\" must be a non-negative integer");
    } else if (key == "minimum" || key == "maximum" || key == "exclusiveMinimum" || key == "exclusiveMaximum") {
      if (!value.is_number()) badSchema(here, "\"" + key + "\" must be a number");
    } else if (key == "enum") {
      if (!value.is_array() || value.empty()) badSchema(here, "\"enum\" must be a non-empty array");
    } else if (key == "pattern") {
      if (!value.is_string()) badSchema(here, "\"pattern\" must be a string");
      requirePattern(value.get<std::string>(), here);
    } else if (key == "$ref") {
      if (!value.is_string() || lookupRef(root, value.get<std::string>()) == nullptr)
        badSchema(here, "\"$ref\" must be \"#/$defs/NAME\" naming an entry of the root $defs, got " + dumpValue(value));
    } else if (key != "const" && !isAnnotation(key)) {
      badSchema(here, "unsupported keyword \"" + key + "\"");
    }
  }
}

// $ref, oneOf and anyOf apply to the same value rather than a child of it, so
// a cycle through only those would make validation recurse forever.
class RefCycleCheck {
 public:
  explicit RefCycleCheck(const json& root) : root_(root) {}

  void run() {
    const auto defs = root_.is_object() ? root_.find("$defs") : root_.end();
    if (defs == root_.end()) return;
    for (auto it = defs->begin(); it != defs->end(); ++it) visit(escapePointerToken(it.key()), it.value());
  }

 private:
  enum class State { kActive, kDone };

  // `token` is the definition's name as it appears in a pointer (escaped).
  void visit(const std::string& token, const json& def) {
    if (const auto seen = state_.find(&def); seen != state_.end()) {
      if (seen->second == State::kActive)
        badSchema("/$defs/" + token, "$ref cycle that never descends into the document");
      return;
    }
    state_[&def] = State::kActive;
    std::vector<std::string> targets;
    collect(def, targets);
    for (const std::string& ref : targets) visit(ref.substr(kDefsPrefix.size()), *lookupRef(root_, ref));
    state_[&def] = State::kDone;
  }

  void collect(const json& schema, std::vector<std::string>& targets) const {
    if (!schema.is_object()) return;
    if (const auto ref = schema.find("$ref"); ref != schema.end()) targets.push_back(ref->get<std::string>());
    for (const char* keyword : {"oneOf", "anyOf"}) {
      if (const auto alternatives = schema.find(keyword); alternatives != schema.end())
        for (const json& alternative : *alternatives) collect(alternative, targets);
    }
  }

  const json& root_;
  std::map<const json*, State> state_;
};

// ---------------------------------------------------------------- validation

// Lives for one validate() call; the cache of patterns the schema did not
// compile (none, as it is built) is why it is not const.
class Validator {
 public:
  Validator(const json& root, const std::map<std::string, std::regex>& compiled)
      : root_(root), compiled_(compiled) {}

  void check(const json& schema, const json& value, Path& path, FoundList& out) {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) add(out, path, "no value is allowed here");
      return;
    }
    if (const auto type = schema.find("type"); type != schema.end() && !typeAllows(*type, value)) {
      // Every other keyword would only restate the mismatch.
      add(out, path, "expected " + describeType(*type) + ", got " + describeValue(value));
      return;
    }
    if (const auto ref = schema.find("$ref"); ref != schema.end())
      check(*lookupRef(root_, ref->get<std::string>()), value, path, out);
    if (const auto expected = schema.find("const"); expected != schema.end() && *expected != value)
      add(out, path, "expected " + dumpValue(*expected) + ", got " + dumpValue(value));
    if (const auto allowed = schema.find("enum");
        allowed != schema.end() && std::find(allowed->begin(), allowed->end(), value) == allowed->end()) {
      std::vector<const json*> values;
      for (const json& v : *allowed) values.push_back(&v);
      add(out, path, "expected one of: " + listValues(values) + "; got " + dumpValue(value));
    }
    if (value.is_number()) checkNumber(schema, value, path, out);
    if (value.is_string()) checkString(schema, value.get_ref<const std::string&>(), path, out);
    if (value.is_array()) checkArray(schema, value, path, out);
    if (value.is_object()) checkObject(schema, value, path, out);
    if (const auto oneOf = schema.find("oneOf"); oneOf != schema.end())
      checkAlternatives(*oneOf, /*exactlyOne=*/true, value, path, out);
    if (const auto anyOf = schema.find("anyOf"); anyOf != schema.end())
      checkAlternatives(*anyOf, /*exactlyOne=*/false, value, path, out);
  }

 private:
  struct Discriminator {
    std::string key;
    std::vector<const json*> values;  // values[i] is the const of alternative i
  };

  static void add(FoundList& out, const Path& path, std::string message) {
    out.push_back({path, std::move(message)});
  }

  void checkNumber(const json& schema, const json& value, const Path& path, FoundList& out) const {
    struct Bound {
      const char* keyword;
      const char* op;
      bool (*holds)(int comparison);
    };
    static constexpr Bound kBounds[] = {
        {"minimum", ">=", [](int c) { return c >= 0; }},
        {"exclusiveMinimum", ">", [](int c) { return c > 0; }},
        {"maximum", "<=", [](int c) { return c <= 0; }},
        {"exclusiveMaximum", "<", [](int c) { return c < 0; }},
    };
    for (const Bound& bound : kBounds) {
      const auto limit = schema.find(bound.keyword);
      if (limit == schema.end() || bound.holds(compareNumbers(value, *limit))) continue;
      add(out, path,
          "expected " + numberNoun(schema) + " " + bound.op + " " + dumpValue(*limit) + ", got " + dumpValue(value));
    }
  }

  // "an integer >= 0" reads better than "a number >= 0" when only integers fit.
  std::string numberNoun(const json& schema) const {
    const json* type = findKeyword(root_, schema, "type");
    if (type == nullptr) return "a number";
    const auto names = [&](const char* name) {
      return type->is_string() ? *type == name : std::find(type->begin(), type->end(), name) != type->end();
    };
    return names("integer") && !names("number") ? "an integer" : "a number";
  }

  void checkString(const json& schema, const std::string& text, const Path& path, FoundList& out) {
    const std::size_t length = codePoints(text);
    if (const auto min = schema.find("minLength"); min != schema.end() && length < min->get<std::uint64_t>())
      add(out, path, "expected a string of at least " + plural(min->get<std::uint64_t>(), "character") + ", got " +
                         plural(length, "character"));
    if (const auto max = schema.find("maxLength"); max != schema.end() && length > max->get<std::uint64_t>())
      add(out, path, "expected a string of at most " + plural(max->get<std::uint64_t>(), "character") + ", got " +
                         plural(length, "character"));
    if (const auto pattern = schema.find("pattern");
        pattern != schema.end() && !matches(pattern->get<std::string>(), text))
      add(out, path,
          "expected a string matching the pattern " + pattern->get<std::string>() + ", got " + dumpValue(text));
  }

  void checkArray(const json& schema, const json& value, Path& path, FoundList& out) {
    if (const auto min = schema.find("minItems"); min != schema.end() && value.size() < min->get<std::uint64_t>())
      add(out, path, "expected an array of at least " + plural(min->get<std::uint64_t>(), "item") + ", got " +
                         plural(value.size(), "item"));
    if (const auto max = schema.find("maxItems"); max != schema.end() && value.size() > max->get<std::uint64_t>())
      add(out, path, "expected an array of at most " + plural(max->get<std::uint64_t>(), "item") + ", got " +
                         plural(value.size(), "item"));
    if (const auto items = schema.find("items"); items != schema.end()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        path.emplace_back(i);
        check(*items, value[i], path, out);
        path.pop_back();
      }
    }
  }

  void checkObject(const json& schema, const json& value, Path& path, FoundList& out) {
    const auto propertiesIt = schema.find("properties");
    const json* properties = propertiesIt == schema.end() ? nullptr : &*propertiesIt;

    if (const auto required = schema.find("required"); required != schema.end()) {
      for (const json& nameJson : *required) {
        const auto& name = nameJson.get_ref<const std::string&>();
        if (value.contains(name)) continue;
        std::string message = "missing required property";
        if (properties != nullptr && properties->contains(name)) {
          if (const json* type = findKeyword(root_, (*properties)[name], "type"))
            message += " (expected " + describeType(*type) + ")";
        }
        // Reported where the property should have been, so the path says what to add.
        path.emplace_back(name);
        add(out, path, std::move(message));
        path.pop_back();
      }
    }

    if (properties != nullptr) {
      for (auto it = properties->begin(); it != properties->end(); ++it) {
        const auto child = value.find(it.key());
        if (child == value.end()) continue;
        path.emplace_back(it.key());
        check(it.value(), *child, path, out);
        path.pop_back();
      }
    }

    const auto patterns = schema.find("patternProperties");
    const auto additional = schema.find("additionalProperties");
    if (patterns == schema.end() && additional == schema.end()) return;
    for (auto child = value.begin(); child != value.end(); ++child) {
      const std::string& key = child.key();
      bool known = properties != nullptr && properties->contains(key);
      path.emplace_back(key);
      if (patterns != schema.end()) {
        for (auto p = patterns->begin(); p != patterns->end(); ++p) {
          if (!matches(p.key(), key)) continue;
          known = true;
          check(p.value(), child.value(), path, out);
        }
      }
      if (!known && additional != schema.end()) {
        if (additional->is_boolean() && !additional->get<bool>()) {
          add(out, path, unknownPropertyMessage(key, properties, patterns == schema.end() ? nullptr : &*patterns));
        } else {
          check(*additional, child.value(), path, out);
        }
      }
      path.pop_back();
    }
  }

  static std::string unknownPropertyMessage(const std::string& key, const json* properties, const json* patterns) {
    std::string expected;
    if (properties != nullptr) {
      for (auto it = properties->begin(); it != properties->end(); ++it)
        expected += (expected.empty() ? "" : ", ") + it.key();
    }
    if (patterns != nullptr) {
      for (auto it = patterns->begin(); it != patterns->end(); ++it)
        expected += (expected.empty() ? "a name matching the pattern " : " or a name matching the pattern ") + it.key();
    }
    std::string message = "unknown property " + dumpValue(key);
    return message + (expected.empty() ? "; no properties are allowed here" : "; expected one of: " + expected);
  }

  void checkAlternatives(const json& alternatives, bool exactlyOne, const json& value, Path& path, FoundList& out) {
    if (value.is_object()) {
      if (const auto discriminator = findDiscriminator(alternatives)) {
        checkDiscriminated(alternatives, *discriminator, value, path, out);
        return;
      }
    }
    std::vector<FoundList> failures;
    std::size_t matched = 0;
    for (const json& alternative : alternatives) {
      FoundList errors;
      check(alternative, value, path, errors);
      if (errors.empty()) {
        ++matched;
        if (!exactlyOne) return;  // anyOf: one match settles it
      } else {
        failures.push_back(std::move(errors));
      }
    }
    if (matched == 1 || (matched > 1 && !exactlyOne)) return;
    if (matched > 1) {
      add(out, path, "matches more than one of the alternatives");
      return;
    }
    // Nothing matched: the alternative that got furthest into the value is the
    // one the author most likely meant; on a tie, the first one listed.
    const auto depth = [](const FoundList& errors) {
      std::size_t deepest = 0;
      for (const Found& f : errors) deepest = std::max(deepest, f.path.size());
      return deepest;
    };
    const FoundList* best = &failures.front();
    for (const FoundList& errors : failures)
      if (depth(errors) > depth(*best)) best = &errors;
    out.insert(out.end(), best->begin(), best->end());
  }

  // A key K such that every alternative pins properties.K.const to a distinct
  // value: the value's K then says which alternative the author meant.
  std::optional<Discriminator> findDiscriminator(const json& alternatives) const {
    std::vector<const json*> properties;
    for (const json& alternative : alternatives) {
      const json* p = findKeyword(root_, alternative, "properties");
      if (p == nullptr || !p->is_object()) return std::nullopt;
      properties.push_back(p);
    }
    for (auto it = properties.front()->begin(); it != properties.front()->end(); ++it) {
      Discriminator candidate{it.key(), {}};
      for (const json* p : properties) {
        const auto property = p->find(it.key());
        if (property == p->end()) break;
        const json* constant = findKeyword(root_, *property, "const");
        if (constant == nullptr) break;
        const auto same = [&](const json* other) { return *other == *constant; };
        if (std::any_of(candidate.values.begin(), candidate.values.end(), same)) break;
        candidate.values.push_back(constant);
      }
      if (candidate.values.size() == properties.size()) return candidate;
    }
    return std::nullopt;
  }

  void checkDiscriminated(const json& alternatives, const Discriminator& discriminator, const json& value, Path& path,
                          FoundList& out) {
    const auto tag = value.find(discriminator.key);
    if (tag != value.end()) {
      for (std::size_t i = 0; i < discriminator.values.size(); ++i) {
        if (*discriminator.values[i] == *tag) {
          check(alternatives[i], value, path, out);
          return;
        }
      }
    }
    const std::string expected = "expected one of: " + listValues(discriminator.values);
    path.emplace_back(discriminator.key);
    if (tag == value.end()) {
      add(out, path, "missing required property (" + expected + ")");
    } else {
      add(out, path, expected + "; got " + dumpValue(*tag));
    }
    path.pop_back();
  }

  bool matches(const std::string& pattern, const std::string& text) {
    // JSON Schema patterns are unanchored.
    if (auto c = compiled_.find(pattern); c != compiled_.end()) return std::regex_search(text, c->second);
    auto it = regexes_.find(pattern);
    if (it == regexes_.end()) it = regexes_.emplace(pattern, compilePattern(pattern)).first;
    return std::regex_search(text, it->second);
  }

  const json& root_;
  const std::map<std::string, std::regex>& compiled_;
  std::map<std::string, std::regex> regexes_;
};

// Every string under a "pattern" key that compiles (checkSchema refused the
// schema's own that do not; a "pattern" that is a property's name or a value
// only costs its compilation).
void collectPatterns(const json& j, std::map<std::string, std::regex>& out) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "pattern" && it->is_string() && !out.count(it->get<std::string>())) {
        try {
          out.emplace(it->get<std::string>(), compilePattern(it->get<std::string>()));
        } catch (const std::regex_error&) {
        }
      }
      collectPatterns(*it, out);
    }
  } else if (j.is_array()) {
    for (const json& e : j) collectPatterns(e, out);
  }
}

}  // namespace

struct JsonSchema::Patterns {
  std::map<std::string, std::regex> compiled;
};

JsonSchema::JsonSchema(nlohmann::json schema) : schema_(std::move(schema)) {
  checkSchema(schema_, schema_, "");
  RefCycleCheck(schema_).run();
  auto patterns = std::make_shared<Patterns>();
  collectPatterns(schema_, patterns->compiled);
  patterns_ = std::move(patterns);
}

std::vector<SchemaError> JsonSchema::validate(const nlohmann::json& doc) const {
  FoundList found;
  Path path;
  Validator(schema_, patterns_->compiled).check(schema_, doc, path, found);

  // Stable, so among errors for one path the first one found is kept.
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.path < b.path; });
  std::vector<SchemaError> errors;
  const Path* previous = nullptr;
  for (Found& f : found) {
    if (previous != nullptr && *previous == f.path) continue;
    errors.push_back({toPointer(f.path), std::move(f.message)});
    previous = &f.path;
  }
  return errors;
}

}  // namespace dcsim::model

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
