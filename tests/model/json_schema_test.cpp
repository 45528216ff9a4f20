#include "model/scenario/json_schema.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

using dcsim::model::JsonSchema;
using dcsim::model::SchemaError;
using nlohmann::json;

namespace {

// One line per error, "@<path>: <message>", so a failing CHECK shows the
// whole error list rather than a count.
std::string render(const std::vector<SchemaError>& errors) {
  std::string out;
  for (const SchemaError& e : errors) out += (out.empty() ? "@" : "\n@") + e.path + ": " + e.message;
  return out;
}

std::string errorsOf(const json& schema, const json& doc) { return render(JsonSchema(schema).validate(doc)); }

// Shaped like the scenario files the loader reads.
const json kScenarioSchema = R"({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "title": "scenario",
  "type": "object",
  "required": ["threads"],
  "additionalProperties": false,
  "properties": {
    "seed": {"type": "integer", "minimum": 0},
    "threads": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/thread"}}
  },
  "$defs": {
    "thread": {
      "type": "object",
      "required": ["name", "ops"],
      "additionalProperties": false,
      "properties": {
        "name": {"type": "string", "minLength": 1},
        "ops": {"type": "array", "items": {"$ref": "#/$defs/op"}}
      }
    },
    "op": {"oneOf": [{"$ref": "#/$defs/stat"}, {"$ref": "#/$defs/lstat"}, {"$ref": "#/$defs/open"}]},
    "stat": {
      "type": "object", "required": ["op", "path"], "additionalProperties": false,
      "properties": {"op": {"const": "stat"}, "path": {"type": "string"}}
    },
    "lstat": {
      "type": "object", "required": ["op", "path"], "additionalProperties": false,
      "properties": {"op": {"const": "lstat"}, "path": {"type": "string"}}
    },
    "open": {
      "type": "object", "required": ["op", "path", "flags"], "additionalProperties": false,
      "properties": {
        "op": {"const": "open"},
        "path": {"type": "string"},
        "flags": {"type": "array", "items": {"enum": ["O_RDONLY", "O_CREAT", "O_EXCL"]}}
      }
    }
  }
})"_json;

json scenarioWithOp(const json& op) {
  json doc = R"({"threads": [
    {"name": "t0", "ops": []},
    {"name": "t1", "ops": [{"op": "stat", "path": "/a"}, {"op": "lstat", "path": "/b"},
                           {"op": "open", "path": "/c", "flags": ["O_RDONLY"]}]}
  ]})"_json;
  doc["threads"][1]["ops"].push_back(op);
  return doc;
}

}  // namespace

TEST_CASE("json_schema: type accepts matching values and names the mismatch in words", "[json_schema]") {
  CHECK(errorsOf(R"({"type": "object"})"_json, json::object()).empty());
  CHECK(errorsOf(R"({"type": "object"})"_json, json::array()) == "@: expected an object, got an array");
  CHECK(errorsOf(R"({"type": "array"})"_json, "x") == "@: expected an array, got a string");
  CHECK(errorsOf(R"({"type": "string"})"_json, 3) == "@: expected a string, got an integer");
  CHECK(errorsOf(R"({"type": "boolean"})"_json, true).empty());
  CHECK(errorsOf(R"({"type": "boolean"})"_json, nullptr) == "@: expected a boolean, got null");
  CHECK(errorsOf(R"({"type": "null"})"_json, nullptr).empty());
  CHECK(errorsOf(R"({"type": "null"})"_json, false) == "@: expected null, got a boolean");
  CHECK(errorsOf(R"({"type": "number"})"_json, json::object()) == "@: expected a number, got an object");
}

TEST_CASE("json_schema: type arrays are described as alternatives", "[json_schema]") {
  const json schema = R"({"type": ["string", "integer"]})"_json;
  CHECK(errorsOf(schema, "x").empty());
  CHECK(errorsOf(schema, 7).empty());
  CHECK(errorsOf(schema, true) == "@: expected a string or an integer, got a boolean");
  CHECK(errorsOf(R"({"type": ["object", "string", "null"]})"_json, 1.5) ==
        "@: expected an object, a string or null, got a number");
}

TEST_CASE("json_schema: a float is never an integer, even without a fraction", "[json_schema]") {
  const json integer = R"({"type": "integer"})"_json;
  CHECK(errorsOf(integer, 2).empty());
  CHECK(errorsOf(integer, -2).empty());
  CHECK(errorsOf(integer, 18446744073709551615ULL).empty());
  CHECK(errorsOf(integer, json::parse("2.0")) == "@: expected an integer, got a number");
  CHECK(errorsOf(integer, 2.5) == "@: expected an integer, got a number");
  const json number = R"({"type": "number"})"_json;
  CHECK(errorsOf(number, 2).empty());
  CHECK(errorsOf(number, json::parse("2.0")).empty());
}

TEST_CASE("json_schema: a type mismatch stops further checks of that value", "[json_schema]") {
  CHECK(errorsOf(R"({"type": "string", "minLength": 5, "enum": ["hello"]})"_json, 3) ==
        "@: expected a string, got an integer");
  CHECK(errorsOf(R"({"type": "object", "required": ["a"]})"_json, json::array()) ==
        "@: expected an object, got an array");
}

TEST_CASE("json_schema: properties check present members at their own path", "[json_schema]") {
  const json schema = R"({"properties": {"a": {"type": "string"}, "b": {"properties": {"c": {"type": "integer"}}}}})"_json;
  CHECK(errorsOf(schema, R"({"a": "x", "b": {"c": 1}})"_json).empty());
  CHECK(errorsOf(schema, json::object()).empty());  // absent is fine without "required"
  CHECK(errorsOf(schema, R"({"a": 1, "b": {"c": "1"}})"_json) ==
        "@/a: expected a string, got an integer\n@/b/c: expected an integer, got a string");
}

TEST_CASE("json_schema: required reports the missing property's own path and expected type", "[json_schema]") {
  const json schema = R"({
    "required": ["id", "name", "note", "tag"],
    "properties": {"id": {"type": "integer"}, "name": {"type": ["string", "null"]}, "note": {},
                   "tag": {"$ref": "#/$defs/tag"}},
    "$defs": {"tag": {"type": "string"}}
  })"_json;
  CHECK(errorsOf(schema, R"({"id": 1, "name": null, "note": 0, "tag": "t"})"_json).empty());
  CHECK(errorsOf(schema, json::object()) ==
        "@/id: missing required property (expected an integer)\n"
        "@/name: missing required property (expected a string or null)\n"
        "@/note: missing required property\n"
        "@/tag: missing required property (expected a string)");
}

TEST_CASE("json_schema: additionalProperties false names the unknown property and the known ones",
          "[json_schema]") {
  const json schema = R"({"additionalProperties": false, "properties": {"a": {}, "b": {}, "c": {}}})"_json;
  CHECK(errorsOf(schema, R"({"a": 1, "c": 2})"_json).empty());
  CHECK(errorsOf(schema, R"({"a": 1, "foo": 2})"_json) == "@/foo: unknown property \"foo\"; expected one of: a, b, c");
  CHECK(errorsOf(R"({"additionalProperties": false})"_json, R"({"x": 1})"_json) ==
        "@/x: unknown property \"x\"; no properties are allowed here");
}

TEST_CASE("json_schema: additionalProperties as a schema applies to each extra property", "[json_schema]") {
  const json schema = R"({"properties": {"name": {"type": "string"}}, "additionalProperties": {"type": "integer"}})"_json;
  CHECK(errorsOf(schema, R"({"name": "n", "x": 1, "y": 2})"_json).empty());
  CHECK(errorsOf(schema, R"({"name": "n", "x": 1, "y": "2"})"_json) == "@/y: expected an integer, got a string");
}

TEST_CASE("json_schema: patternProperties checks matching keys and makes them known", "[json_schema]") {
  const json schema = R"({
    "properties": {"name": {}},
    "patternProperties": {"^x-": {"type": "string"}},
    "additionalProperties": false
  })"_json;
  CHECK(errorsOf(schema, R"({"name": 1, "x-owner": "me"})"_json).empty());
  CHECK(errorsOf(schema, R"({"x-owner": 5})"_json) == "@/x-owner: expected a string, got an integer");
  CHECK(errorsOf(schema, R"({"owner": "me"})"_json) ==
        "@/owner: unknown property \"owner\"; expected one of: name or a name matching the pattern ^x-");
}

TEST_CASE("json_schema: items, minItems and maxItems", "[json_schema]") {
  const json schema = R"({"type": "array", "minItems": 1, "maxItems": 2, "items": {"type": "string"}})"_json;
  CHECK(errorsOf(schema, R"(["a", "b"])"_json).empty());
  CHECK(errorsOf(schema, json::array()) == "@: expected an array of at least 1 item, got 0 items");
  CHECK(errorsOf(schema, R"(["a", "b", "c"])"_json) == "@: expected an array of at most 2 items, got 3 items");
  CHECK(errorsOf(schema, R"(["a", 1])"_json) == "@/1: expected a string, got an integer");
}

TEST_CASE("json_schema: enum lists the allowed values and quotes a string it got", "[json_schema]") {
  const json schema = R"({"enum": ["stat", "lstat", "open"]})"_json;
  CHECK(errorsOf(schema, "lstat").empty());
  CHECK(errorsOf(schema, "stats") == "@: expected one of: stat, lstat, open; got \"stats\"");
  CHECK(errorsOf(schema, 7) == "@: expected one of: stat, lstat, open; got 7");
  CHECK(errorsOf(R"({"enum": [1, null, "a"]})"_json, false) == "@: expected one of: 1, null, a; got false");
}

TEST_CASE("json_schema: const", "[json_schema]") {
  CHECK(errorsOf(R"({"const": "stat"})"_json, "stat").empty());
  CHECK(errorsOf(R"({"const": "stat"})"_json, "lstat") == "@: expected \"stat\", got \"lstat\"");
  CHECK(errorsOf(R"({"const": {"a": [1]}})"_json, R"({"a": [1]})"_json).empty());
  CHECK(errorsOf(R"({"const": 3})"_json, 4) == "@: expected 3, got 4");
}

TEST_CASE("json_schema: numeric bounds say the bound and the value", "[json_schema]") {
  const json nonNegative = R"({"type": "integer", "minimum": 0})"_json;
  CHECK(errorsOf(nonNegative, 0).empty());
  CHECK(errorsOf(nonNegative, -3) == "@: expected an integer >= 0, got -3");
  CHECK(errorsOf(R"({"maximum": 10})"_json, 10).empty());
  CHECK(errorsOf(R"({"maximum": 10})"_json, 10.5) == "@: expected a number <= 10, got 10.5");
  CHECK(errorsOf(R"({"type": "number", "exclusiveMinimum": 0})"_json, 0) == "@: expected a number > 0, got 0");
  CHECK(errorsOf(R"({"type": "number", "exclusiveMinimum": 0})"_json, 0.001).empty());
  CHECK(errorsOf(R"({"type": "integer", "exclusiveMaximum": 8})"_json, 8) == "@: expected an integer < 8, got 8");
  CHECK(errorsOf(R"({"type": "integer", "exclusiveMaximum": 8})"_json, 7).empty());
  // Exact across signed/unsigned 64-bit values.
  CHECK(errorsOf(R"({"maximum": 9223372036854775807})"_json, 18446744073709551615ULL) ==
        "@: expected a number <= 9223372036854775807, got 18446744073709551615");
  CHECK(errorsOf(R"({"minimum": -1})"_json, 18446744073709551615ULL).empty());
  CHECK(errorsOf(R"({"minimum": 0})"_json, "not a number").empty());  // bounds only apply to numbers
}

TEST_CASE("json_schema: minLength and maxLength count code points", "[json_schema]") {
  const json schema = R"({"type": "string", "minLength": 1, "maxLength": 3})"_json;
  CHECK(errorsOf(schema, "abc").empty());
  CHECK(errorsOf(schema, "\xC3\xA9\xC3\xA9\xC3\xA9").empty());  // "ééé": 6 bytes, 3 characters
  CHECK(errorsOf(schema, "") == "@: expected a string of at least 1 character, got 0 characters");
  CHECK(errorsOf(schema, "abcd") == "@: expected a string of at most 3 characters, got 4 characters");
}

TEST_CASE("json_schema: pattern searches anywhere unless anchored", "[json_schema]") {
  CHECK(errorsOf(R"({"pattern": "b+"})"_json, "abbc").empty());
  CHECK(errorsOf(R"({"pattern": "^[a-z]+$"})"_json, "abc").empty());
  CHECK(errorsOf(R"({"pattern": "^[a-z]+$"})"_json, "abC") ==
        "@: expected a string matching the pattern ^[a-z]+$, got \"abC\"");
}

TEST_CASE("json_schema: $ref resolves against the root $defs", "[json_schema]") {
  const json schema = R"({
    "properties": {"a": {"$ref": "#/$defs/pos"}, "b": {"items": {"$ref": "#/$defs/pos"}}},
    "$defs": {"pos": {"$ref": "#/$defs/int", "minimum": 1}, "int": {"type": "integer"}}
  })"_json;
  CHECK(errorsOf(schema, R"({"a": 1, "b": [2, 3]})"_json).empty());
  CHECK(errorsOf(schema, R"({"a": 0, "b": [2, "3"]})"_json) ==
        "@/a: expected an integer >= 1, got 0\n@/b/1: expected an integer, got a string");
}

TEST_CASE("json_schema: oneOf without a discriminator", "[json_schema]") {
  const json schema = R"({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "number", "minimum": 5}]})"_json;
  CHECK(errorsOf(schema, "x").empty());
  CHECK(errorsOf(schema, 3).empty());
  CHECK(errorsOf(schema, 7) == "@: matches more than one of the alternatives");
  // None matches and every error is at the same depth: the first alternative speaks.
  CHECK(errorsOf(schema, 2.5) == "@: expected a string, got a number");
}

TEST_CASE("json_schema: a failing oneOf/anyOf reports the alternative that got deepest", "[json_schema]") {
  const json alternatives = R"([
    {"type": "string"},
    {"type": "object", "properties": {"size": {"type": "object", "properties": {"bytes": {"type": "integer"}}}}},
    {"type": "object", "required": ["name"]}
  ])"_json;
  const json doc = R"({"size": {"bytes": "big"}})"_json;
  CHECK(errorsOf(json{{"oneOf", alternatives}}, doc) == "@/size/bytes: expected an integer, got a string");
  CHECK(errorsOf(json{{"anyOf", alternatives}}, doc) == "@/size/bytes: expected an integer, got a string");
}

TEST_CASE("json_schema: anyOf is satisfied by any number of matches", "[json_schema]") {
  const json schema = R"({"anyOf": [{"type": "integer"}, {"minimum": 5}]})"_json;
  CHECK(errorsOf(schema, 7).empty());
  CHECK(errorsOf(schema, 5.5).empty());
  CHECK(errorsOf(schema, 1.5) == "@: expected an integer, got a number");
}

TEST_CASE("json_schema: a valid scenario has no errors", "[json_schema]") {
  CHECK(errorsOf(kScenarioSchema, scenarioWithOp(R"({"op": "stat", "path": "/d"})"_json)).empty());
}

TEST_CASE("json_schema: discriminated oneOf reports only the chosen variant's errors", "[json_schema]") {
  CHECK(errorsOf(kScenarioSchema, scenarioWithOp(R"({"op": "lstat", "path": 5})"_json)) ==
        "@/threads/1/ops/3/path: expected a string, got an integer");
  CHECK(errorsOf(kScenarioSchema, scenarioWithOp(R"({"op": "open", "path": "/d"})"_json)) ==
        "@/threads/1/ops/3/flags: missing required property (expected an array)");
  CHECK(errorsOf(kScenarioSchema, scenarioWithOp(R"({"op": "open", "path": "/d", "flags": ["O_RDWR"]})"_json)) ==
        "@/threads/1/ops/3/flags/0: expected one of: O_RDONLY, O_CREAT, O_EXCL; got \"O_RDWR\"");
  CHECK(errorsOf(kScenarioSchema, scenarioWithOp(R"({"op": "stat", "path": "/d", "mode": 1})"_json)) ==
        "@/threads/1/ops/3/mode: unknown property \"mode\"; expected one of: op, path");
}

TEST_CASE("json_schema: discriminated oneOf with the discriminator missing", "[json_schema]") {
  CHECK(errorsOf(kScenarioSchema, scenarioWithOp(R"({"path": "/d"})"_json)) ==
        "@/threads/1/ops/3/op: missing required property (expected one of: stat, lstat, open)");
}

TEST_CASE("json_schema: discriminated oneOf with an unknown discriminator value", "[json_schema]") {
  CHECK(errorsOf(kScenarioSchema, scenarioWithOp(R"({"op": "stats", "path": "/d"})"_json)) ==
        "@/threads/1/ops/3/op: expected one of: stat, lstat, open; got \"stats\"");
  CHECK(errorsOf(kScenarioSchema, scenarioWithOp(R"({"op": 4, "path": "/d"})"_json)) ==
        "@/threads/1/ops/3/op: expected one of: stat, lstat, open; got 4");
  // Not an object at all: no discriminator to read, so the type error of the first variant.
  CHECK(errorsOf(kScenarioSchema, scenarioWithOp("stat")) == "@/threads/1/ops/3: expected an object, got a string");
}

TEST_CASE("json_schema: nested errors arrive in document order, one per path", "[json_schema]") {
  json doc = R"({"seed": -1, "extra": true, "threads": [{"ops": []}]})"_json;
  for (int i = 0; i < 11; ++i) doc["threads"][0]["ops"].push_back({{"op", "stat"}, {"path", i}});
  const std::string expected =
      "@/extra: unknown property \"extra\"; expected one of: seed, threads\n"
      "@/seed: expected an integer >= 0, got -1\n"
      "@/threads/0/name: missing required property (expected a string)\n"
      "@/threads/0/ops/0/path: expected a string, got an integer\n"
      "@/threads/0/ops/1/path: expected a string, got an integer\n"
      "@/threads/0/ops/2/path: expected a string, got an integer\n"
      "@/threads/0/ops/3/path: expected a string, got an integer\n"
      "@/threads/0/ops/4/path: expected a string, got an integer\n"
      "@/threads/0/ops/5/path: expected a string, got an integer\n"
      "@/threads/0/ops/6/path: expected a string, got an integer\n"
      "@/threads/0/ops/7/path: expected a string, got an integer\n"
      "@/threads/0/ops/8/path: expected a string, got an integer\n"
      "@/threads/0/ops/9/path: expected a string, got an integer\n"
      "@/threads/0/ops/10/path: expected a string, got an integer";
  CHECK(errorsOf(kScenarioSchema, doc) == expected);
}

TEST_CASE("json_schema: keeps only the first error for a path", "[json_schema]") {
  const json schema = R"({"type": "string", "minLength": 5, "pattern": "^x", "enum": ["xxxxx"]})"_json;
  const auto errors = JsonSchema(schema).validate("ab");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "");
  CHECK(errors[0].message == "expected one of: xxxxx; got \"ab\"");
}

TEST_CASE("json_schema: the same document gives the same errors on every call", "[json_schema]") {
  const JsonSchema schema(kScenarioSchema);
  const json doc = R"({"zz": 1, "threads": [{"name": "", "ops": [{"op": "x"}, {"path": 1}]}], "aa": 2})"_json;
  const auto first = schema.validate(doc);
  const auto second = schema.validate(doc);
  CHECK(render(first) == render(second));
  CHECK(render(first) ==
        "@/aa: unknown property \"aa\"; expected one of: seed, threads\n"
        "@/threads/0/name: expected a string of at least 1 character, got 0 characters\n"
        "@/threads/0/ops/0/op: expected one of: stat, lstat, open; got \"x\"\n"
        "@/threads/0/ops/1/op: missing required property (expected one of: stat, lstat, open)\n"
        "@/zz: unknown property \"zz\"; expected one of: seed, threads");
}

TEST_CASE("json_schema: keys are escaped in the JSON Pointer", "[json_schema]") {
  CHECK(errorsOf(R"({"additionalProperties": {"type": "string"}})"_json, R"({"a/b~c": 1})"_json) ==
        "@/a~1b~0c: expected a string, got an integer");
}

TEST_CASE("json_schema: annotations are ignored and boolean schemas work", "[json_schema]") {
  const json schema = R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:x", "title": "t",
    "description": "d", "default": 1, "examples": [1], "$comment": "c", "deprecated": false,
    "properties": {"any": true, "none": false}
  })"_json;
  CHECK(errorsOf(schema, R"({"any": [1, {}]})"_json).empty());
  CHECK(errorsOf(schema, R"({"none": 1})"_json) == "@/none: no value is allowed here");
}

TEST_CASE("json_schema: schemas outside the supported subset are rejected with their location", "[json_schema]") {
  using Catch::Matchers::Contains;
  CHECK_THROWS_AS(JsonSchema(R"({"properties": {"a": {"format": "uri"}}})"_json), std::invalid_argument);
  CHECK_THROWS_WITH(JsonSchema(R"({"properties": {"a": {"format": "uri"}}})"_json),
                    Contains("#/properties/a/format") && Contains("unsupported keyword \"format\""));
  CHECK_THROWS_WITH(JsonSchema(R"({"items": [{"type": "string"}]})"_json), Contains("#/items:"));
  CHECK_THROWS_WITH(JsonSchema(R"({"oneOf": [{"allOf": []}]})"_json), Contains("#/oneOf/0/allOf"));
  CHECK_THROWS_WITH(JsonSchema(R"({"type": "int"})"_json), Contains("#/type"));
  CHECK_THROWS_WITH(JsonSchema(R"({"minItems": -1})"_json), Contains("#/minItems"));
  CHECK_THROWS_WITH(JsonSchema(R"({"pattern": "("})"_json), Contains("#/pattern"));
  CHECK_THROWS_WITH(JsonSchema(R"({"$ref": "#/$defs/missing"})"_json), Contains("#/$ref"));
  CHECK_THROWS_WITH(JsonSchema(R"({"$ref": "other.json#/$defs/a", "$defs": {"a": {}}})"_json), Contains("#/$ref"));
  CHECK_THROWS_WITH(JsonSchema(R"({"$defs": {"a": {"anyOf": [{"$ref": "#/$defs/b"}]}, "b": {"$ref": "#/$defs/a"}}})"_json),
                    Contains("$ref cycle"));
  // Recursion that descends into the document is fine.
  const json tree = R"({"$ref": "#/$defs/node", "$defs": {"node": {"type": "object",
      "properties": {"kids": {"items": {"$ref": "#/$defs/node"}}}}}})"_json;
  CHECK(errorsOf(tree, R"({"kids": [{"kids": [{"kids": 1}]}]})"_json).empty());
  CHECK(errorsOf(tree, R"({"kids": [{"kids": [{"kids": [2]}]}]})"_json) ==
        "@/kids/0/kids/0/kids/0: expected an object, got an integer");
}
