// Readiness is recomputed from facts on every read: a snapshot holds the facts and the result.
#pragma once

#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "domain/projection.h"
#include "domain/readiness.h"
#include "store/store.h"

namespace crosswalk::service {

struct Snapshot {
  catalog::Catalog catalog;
  domain::Organization org;
  domain::Assessment assessment;  // points into catalog: a Snapshot is never copied or moved
  domain::Timestamp now = 0;

  const domain::FrameworkAssessment* framework(const std::string& id) const;
  std::optional<std::size_t> control_index(const std::string& id) const;
};

Result<std::unique_ptr<Snapshot>> take_snapshot(store::Store& store, domain::Timestamp now);

// Requirements of `target` that need work of their own beyond `source`, in target order: once
// controls are adopted, those no control shared with `source` serves; before, those the
// crosswalk leaves not met even with `source` fully met.
Result<std::vector<std::string>> own_work(const Snapshot& s, const std::string& target,
                                          const std::string& source);

// Today's readiness of every framework, for the history the dashboard charts.
std::vector<store::ReadinessPoint> readiness_points(const Snapshot& s);

Result<domain::Projection> project(const Snapshot& s, const std::string& target,
                                   const std::string& source, bool assume_source_met);

}  // namespace crosswalk::service
