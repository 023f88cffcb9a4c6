// The common control library: templates an organization adopts as its own controls.
#pragma once

#include <string>
#include <vector>

#include "domain/enums.h"

namespace crosswalk::domain {

struct RequirementLink {
  std::string framework;
  std::string ref;
  Coverage coverage = Coverage::kFull;
};

struct ControlTemplate {
  std::string id;  // "TEC-08"
  std::string domain;
  std::string title;
  std::string description;
  std::vector<std::string> evidence;  // what an auditor accepts as proof
  std::vector<RequirementLink> links;
};

}  // namespace crosswalk::domain
