// SARIF 2.1.0 import. The reading stage (sarif_reader.cpp) walks the file; here, the parsing
// stage builds each run's context (tool, rules, invocations, artifacts, taxonomies), turns its
// results into findings for the sink, and sums up the runs.
#include <simdjson.h>

#include "ingest/importer.h"
#include "ingest/json_pipeline.h"
#include "ingest/normalize.h"
#include "ingest/ondemand_fields.h"
#include "ingest/sarif_model.h"

namespace crosswalk::ingest {

namespace {

using sarif::Run;

class SarifBuilder {
 public:
  SarifBuilder(const std::string& file, const FindingSink& sink) : file_(file), sink_(sink) {
    summary_.format = Format::kSarif;
  }

  Status take(const PipelineItem& item) {
    const JsonElement e{item.text, item.offset};
    switch (item.kind) {
      case sarif::kVersion: {
        std::string version = ondemand_fields::string_value(parser_, e);
        // Not a string: its JSON text, cut on a UTF-8 boundary (a warning must be valid UTF-8).
        if (version.empty()) version = normalize::truncate_utf8(e.text, 40);
        if (version != "2.1.0")
          summary_.warnings.push_back("SARIF version " + version + ", read as 2.1.0");
        return Status::Ok();
      }
      case sarif::kNoRuns:
        summary_.warnings.push_back("the log has no \"runs\"");
        return Status::Ok();
      case sarif::kRunNotObject:
        summary_.warnings.push_back("runs[" + std::to_string(item.a) + "] is not an object");
        return Status::Ok();
      case sarif::kRunStart:
        run_ = Run();
        return Status::Ok();
      case sarif::kRunEnd:
        finish_run(item.a);
        return Status::Ok();
      case sarif::kExtension:
        run_.extensions.emplace_back();
        return Status::Ok();
      case sarif::kComponentName:
        sarif::component(run_, item.b).name = ondemand_fields::string_value(parser_, e);
        return Status::Ok();
      case sarif::kComponentVersion:
        sarif::component(run_, item.b).version = ondemand_fields::string_value(parser_, e);
        return Status::Ok();
      case sarif::kComponentSemanticVersion:
        sarif::component(run_, item.b).semantic_version = ondemand_fields::string_value(parser_, e);
        return Status::Ok();
      case sarif::kRule:
        return sarif::read_rule(file_, e, parser_, &sarif::component(run_, item.b));
      case sarif::kGlobalMessageStrings:
        return sarif::read_global_message_strings(file_, e, parser_,
                                                  &sarif::component(run_, item.b));
      case sarif::kInvocation:
        return sarif::read_invocation(file_, e, parser_, &run_);
      case sarif::kArtifact:
        return sarif::read_artifact(file_, e, parser_, &run_);
      case sarif::kTaxonomy:
        return sarif::read_taxonomy(file_, e, parser_, &run_);
      case sarif::kResultsStart:
        sarif::prepare_rules(&run_);
        return Status::Ok();
      case sarif::kResult:
        return take_result(e);
      case sarif::kEnd:
        summary_.bytes = item.a;
        return Status::Ok();
      default:
        return Status::Ok();
    }
  }

  ImportSummary summary() && { return std::move(summary_); }

 private:
  Status take_result(const JsonElement& e) {
    if (e.text.empty() || e.text.front() != '{') {
      ++run_.skipped_results;
      return Status::Ok();
    }
    domain::Finding f;
    CW_RETURN_IF_ERROR(sarif::result_to_finding(file_, e, parser_, run_, &f));
    ++run_.findings;
    return sink_(std::move(f));
  }

  void finish_run(std::int64_t index) {
    ToolRun out;
    out.tool = std::move(run_.driver.name);
    out.tool_version = run_.driver.semantic_version.empty()
                           ? std::move(run_.driver.version)
                           : std::move(run_.driver.semantic_version);
    out.findings = run_.findings;
    out.completed = run_.completed;
    out.errors = std::move(run_.errors);
    if (run_.errors_dropped > 0)
      out.errors.push_back("… and " + std::to_string(run_.errors_dropped) + " more errors");
    out.started_at = run_.started_at;
    if (run_.skipped_results > 0) {
      summary_.warnings.push_back("runs[" + std::to_string(index) +
                                  "]: " + std::to_string(run_.skipped_results) +
                                  " results that are not objects were skipped");
    }
    summary_.findings += out.findings;
    summary_.runs.push_back(std::move(out));
  }

  const std::string& file_;
  const FindingSink& sink_;
  ImportSummary summary_;
  Run run_;
  simdjson::ondemand::parser parser_;
};

}  // namespace

Result<ImportSummary> import_sarif(const std::string& path, const FindingSink& sink,
                                   const ImportOptions& options) {
  SarifBuilder builder(path, sink);
  CW_RETURN_IF_ERROR(
      run_pipeline([&](ItemSink& out) { return sarif::read_sarif_items(path, options, out); },
                   [&](const PipelineItem& item) { return builder.take(item); }, options.progress,
                   worth_two_stages(path, options.read_chunk_bytes)));
  return std::move(builder).summary();
}

}  // namespace crosswalk::ingest
