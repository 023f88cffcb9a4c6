// Short constructors of register fields, for the files that describe register kinds.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "domain/register.h"

namespace crosswalk::domain::spec {

using T = FieldType;

inline FieldSpec text(std::string name, std::string label, bool required = false,
                      std::string help = {}) {
  return {std::move(name), std::move(label), T::kText, required, {}, {}, 0, 0, std::move(help)};
}
inline FieldSpec prose(std::string name, std::string label, bool required = false,
                       std::string help = {}) {
  return {std::move(name), std::move(label), T::kLongText, required, {}, {}, 0, 0, std::move(help)};
}
inline FieldSpec date(std::string name, std::string label, bool required = false) {
  return {std::move(name), std::move(label), T::kDate, required, {}, {}, 0, 0, {}};
}
inline FieldSpec choice(std::string name, std::string label, std::vector<std::string> options,
                        bool required = false) {
  return {
      std::move(name), std::move(label), T::kChoice, required, std::move(options), {}, 0, 0, {}};
}
inline FieldSpec choices(std::string name, std::string label, std::vector<std::string> options,
                         bool required = false) {
  return {
      std::move(name), std::move(label), T::kChoices, required, std::move(options), {}, 0, 0, {}};
}
inline FieldSpec list(std::string name, std::string label, bool required = false,
                      std::string help = {}) {
  return {std::move(name), std::move(label), T::kList, required, {}, {}, 0, 0, std::move(help)};
}
inline FieldSpec level(std::string name, std::string label, bool required = false) {
  return {std::move(name),
          std::move(label),
          T::kInteger,
          required,
          {},
          {},
          1,
          10,
          "1 (lowest) to the matrix's size"};
}
inline FieldSpec link(std::string name, std::string label, std::string target,
                      bool required = false) {
  return {std::move(name), std::move(label), T::kLink, required, {}, std::move(target), 0, 0, {}};
}
inline FieldSpec links(std::string name, std::string label, std::string target,
                       bool required = false, std::string help = {}) {
  return {std::move(name), std::move(label), T::kLinks, required, {}, std::move(target), 0, 0,
          std::move(help)};
}

inline FieldSpec number(std::string name, std::string label, int min, int max,
                        bool required = false, std::string help = {}) {
  return {std::move(name), std::move(label), T::kInteger, required, {}, {}, min, max,
          std::move(help)};
}

}  // namespace crosswalk::domain::spec
