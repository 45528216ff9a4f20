#pragma once

// A small JSON Schema validator (a subset of draft 2020-12) whose purpose is
// to give a scenario author ONE clear error per offending value, located by a
// JSON Pointer and phrased as what was expected.
//
// Supported keywords: type, properties, required, additionalProperties,
// patternProperties, items (single schema), minItems, maxItems, enum, const,
// minimum, maximum, exclusiveMinimum, exclusiveMaximum, minLength, maxLength,
// pattern (std::regex ECMAScript, search semantics), oneOf, anyOf and $ref
// (only "#/$defs/NAME", resolved against the root schema). The annotations
// $schema, $id, $defs, title, description, default, examples, $comment and
// deprecated are accepted and ignored. Boolean schemas (true/false) work
// anywhere a schema is expected.

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace dcsim::model {

struct SchemaError {
  std::string path;     // JSON Pointer of the offending value, "" = document root, e.g. "/threads/1/ops/3/path"
  std::string message;  // what was expected, e.g. "expected a string, got a number", "missing required property (expected a string)", "expected one of: stat, lstat, open; got \"stats\""
};

class JsonSchema {
 public:
  // Throws std::invalid_argument naming the schema location if the schema uses a keyword outside the supported subset.
  explicit JsonSchema(nlohmann::json schema);
  // Errors in a deterministic order (document order: object keys in nlohmann's sorted order, arrays by index). Empty = valid.
  std::vector<SchemaError> validate(const nlohmann::json& doc) const;

  struct Patterns;  // every "pattern" compiled once: compiling one costs more than validating a scenario

 private:
  nlohmann::json schema_;
  std::shared_ptr<const Patterns> patterns_;
};

}  // namespace dcsim::model
