// What the SARIF importer keeps of a run while streaming it: the tool, its rules and the run's
// context (invocations, artifacts, taxonomies). Bounded by rules and artifacts, never by results.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/finding.h"
#include "ingest/importer.h"
#include "ingest/json_pipeline.h"
#include "ingest/json_stream.h"

namespace crosswalk::ingest::sarif {

// A reference from a rule or result to a taxon ("CWE" 79), by taxonomy name or index.
struct TaxonRef {
  std::string id;
  std::string taxonomy;
  std::int64_t taxonomy_index = -1;
};

struct Rule {
  std::string id;
  std::string title;          // shortDescription.text, else name
  std::string default_level;  // defaultConfiguration.level
  std::optional<double> security_severity;
  std::vector<std::string> tags;  // normalized; taxa are added by prepare_rules
  std::vector<TaxonRef> taxa;
  std::vector<std::pair<std::string, std::string>> message_strings;  // id → text
};

struct Component {  // the driver or an extension
  std::string name;
  std::string version;
  std::string semantic_version;
  std::vector<Rule> rules;
  std::unordered_map<std::string, std::size_t> rule_by_id;
  std::vector<std::pair<std::string, std::string>> message_strings;  // globalMessageStrings
};

struct Run {
  Component driver;
  std::vector<Component> extensions;
  bool rules_prepared = false;
  std::vector<std::string> artifact_uris;   // by artifact index
  std::vector<std::string> taxonomy_names;  // by taxonomy index
  std::int64_t invocations = 0;
  std::optional<domain::Timestamp> invocation_time;  // invocations[0] end, else start
  std::optional<domain::Timestamp> started_at;
  bool completed = true;
  std::vector<std::string> errors;  // at most kMaxRunErrors
  std::int64_t errors_dropped = 0;
  std::int64_t findings = 0;
  std::int64_t skipped_results = 0;  // items of results[] that are not objects
};

using simdjson::ondemand::parser;

// What the reading stage hands over (PipelineItem::kind). `a` is the run's index, `b` the
// component's (-1: the driver, else tool.extensions[b]) for component items.
enum ItemKind : int {
  kVersion,       // the log's "version"
  kNoRuns,        // the log has no "runs"
  kRunNotObject,  // runs[a] is not an object
  kRunStart,
  kRunEnd,
  kExtension,      // tool.extensions[b] starts
  kComponentName,  // its "name", "version", "semanticVersion" (any JSON value)
  kComponentVersion,
  kComponentSemanticVersion,
  kRule,  // an item of its "rules"
  kGlobalMessageStrings,
  kInvocation,  // an item of run.invocations, run.artifacts, run.taxonomies
  kArtifact,
  kTaxonomy,
  kResultsStart,  // run.results is read now (its tool, and maybe more, are known)
  kResult,        // an item of run.results (any JSON value)
  kEnd,           // `a` is the size of the file
};

// The reading stage: walks the log and hands over the items above; results that come before
// their run's tool are passed over and read again once the run is complete.
Status read_sarif_items(const std::string& file, const ImportOptions& options, ItemSink& out);

// The parsing stage's parts. Errors name the element's place in `file`.
Component& component(Run& run, std::int64_t index);
Status read_rule(const std::string& file, const JsonElement& e, parser& p, Component* component);
Status read_global_message_strings(const std::string& file, const JsonElement& e, parser& p,
                                   Component* component);
Status read_invocation(const std::string& file, const JsonElement& e, parser& p, Run* run);
Status read_artifact(const std::string& file, const JsonElement& e, parser& p, Run* run);
Status read_taxonomy(const std::string& file, const JsonElement& e, parser& p, Run* run);
// Resolves the rules' taxa to tags, once the run's taxonomies are known.
void prepare_rules(Run* run);

// The rule a result refers to: by component (-1: the driver) and index, else by id.
const Rule* find_rule(const Run& run, std::string_view id, std::int64_t index,
                      std::int64_t component);
// A taxon as a tag: "cwe:79" for CWE, else "<taxonomy>:<id>" lower-cased.
std::string taxon_tag(const Run& run, const TaxonRef& ref);

// One item of run.results, as a finding.
Status result_to_finding(const std::string& file, const JsonElement& e, parser& p, const Run& run,
                         domain::Finding* f);

}  // namespace crosswalk::ingest::sarif
