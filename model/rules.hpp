// The rule API in one include: typed keys, RuleSet, the catalogue.
#pragma once
#include "model/rules/catalog.hpp"
#include "model/rules/rule.hpp"
#include "model/rules/rule_set.hpp"
