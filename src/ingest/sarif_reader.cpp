// The reading stage of SARIF import: walks log → runs[] → run members with a JsonStream and hands
// over rules, invocations, artifacts, taxonomies and results one element at a time. Results that
// come before their run's tool are passed over (validated) and read again, by offset, once the
// run is complete, so that their rules are known: memory stays bounded by rules, not results.
#include "ingest/json_stream.h"
#include "ingest/sarif_model.h"

namespace crosswalk::ingest::sarif {

namespace {

JsonStreamOptions stream_options(const ImportOptions& options) {
  JsonStreamOptions o;
  o.chunk_bytes = options.read_chunk_bytes;
  o.max_element_bytes = options.max_element_bytes;
  o.max_depth = options.max_depth;
  return o;
}

class Reader {
 public:
  Reader(const std::string& file, const ImportOptions& options, ItemSink& out)
      : file_(file), options_(options), out_(out) {}

  Status read_log(JsonStream& s) {
    Result<bool> is_object = next_is(s, JsonKind::kObject);
    if (!is_object.ok()) return is_object.status();
    if (!*is_object) return s.error_at(s.offset(), "expected a SARIF log (a JSON object)");
    const std::int64_t start = s.offset();
    bool has_runs = false, has_version = false;
    CW_RETURN_IF_ERROR(for_each_member(s, [&](const std::string& key) -> Status {
      if (key == "version") {
        has_version = true;
        return hand_over(s, kVersion);
      }
      if (key != "runs") return Status::Ok();
      has_runs = true;
      Result<JsonKind> kind = s.peek();
      if (!kind.ok()) return kind.status();
      if (*kind == JsonKind::kNull) return Status::Ok();  // the tool produced no run
      if (*kind != JsonKind::kArray)
        return s.error_at(s.offset(), "expected \"runs\" to be an array");
      return for_each_item(s, [&] { return read_run(s); });
    }));
    if (!has_runs && !has_version)  // Trivy's or ASFF JSON named --format sarif
      return s.error_at(start,
                        "not a SARIF log: it has neither \"version\" nor \"runs\" (is the file "
                        "in another format?)");
    if (!has_runs) CW_RETURN_IF_ERROR(out_.emit(kNoRuns, 0, 0, nullptr));
    CW_RETURN_IF_ERROR(s.finish());
    return out_.emit(kEnd, s.offset(), 0, nullptr);
  }

 private:
  // The next value, whole, as an item of `kind`.
  Status hand_over(JsonStream& s, int kind, std::int64_t component = 0) {
    Result<JsonElement> e = s.capture();
    if (!e.ok()) return e.status();
    return out_.emit(kind, run_, component, &*e);
  }

  // Each item of the array that comes next (if it is one) as an item of `kind`.
  Status hand_over_items(JsonStream& s, int kind, std::int64_t component = 0) {
    Result<bool> is_array = next_is(s, JsonKind::kArray);
    if (!is_array.ok() || !*is_array) return is_array.status();
    return for_each_item(s, [&] { return hand_over(s, kind, component); });
  }

  Status read_run(JsonStream& s) {
    Result<bool> is_object = next_is(s, JsonKind::kObject);
    if (!is_object.ok()) return is_object.status();
    if (!*is_object) {
      CW_RETURN_IF_ERROR(out_.emit(kRunNotObject, run_++, 0, nullptr));
      return s.skip();
    }
    CW_RETURN_IF_ERROR(out_.emit(kRunStart, run_, 0, nullptr));
    bool has_tool = false;
    std::optional<std::int64_t> deferred_results;
    CW_RETURN_IF_ERROR(for_each_member(s, [&](const std::string& key) -> Status {
      if (key == "tool") {
        Result<bool> tool_is_object = next_is(s, JsonKind::kObject);
        if (!tool_is_object.ok() || !*tool_is_object) return tool_is_object.status();
        has_tool = true;
        return read_tool(s);
      }
      if (key == "invocations") return hand_over_items(s, kInvocation);
      if (key == "artifacts") return hand_over_items(s, kArtifact);
      if (key == "taxonomies") return hand_over_items(s, kTaxonomy);
      if (key != "results") return Status::Ok();
      Result<bool> is_array = next_is(s, JsonKind::kArray);
      if (!is_array.ok() || !*is_array) return is_array.status();
      if (has_tool) return read_results(s);
      deferred_results = s.offset();
      return s.skip();
    }));
    if (deferred_results) {
      JsonStreamOptions o = stream_options(options_);
      o.start_offset = *deferred_results;
      o.start_depth = 3;  // log, runs, run
      o.start_path = "runs[" + std::to_string(run_) + "].results";
      Result<std::unique_ptr<JsonStream>> again = JsonStream::open(file_, std::move(o));
      if (!again.ok()) return again.status();
      CW_RETURN_IF_ERROR(read_results(**again));
    }
    return out_.emit(kRunEnd, run_++, 0, nullptr);
  }

  Status read_tool(JsonStream& s) {
    std::int64_t extensions = 0;
    return for_each_member(s, [&](const std::string& key) -> Status {
      if (key == "driver") return read_component(s, -1);
      if (key != "extensions") return Status::Ok();
      Result<bool> is_array = next_is(s, JsonKind::kArray);
      if (!is_array.ok() || !*is_array) return is_array.status();
      return for_each_item(s, [&]() -> Status {
        CW_RETURN_IF_ERROR(out_.emit(kExtension, run_, extensions, nullptr));
        return read_component(s, extensions++);
      });
    });
  }

  Status read_component(JsonStream& s, std::int64_t component) {
    Result<bool> is_object = next_is(s, JsonKind::kObject);
    if (!is_object.ok() || !*is_object) return is_object.status();
    return for_each_member(s, [&](const std::string& key) -> Status {
      if (key == "name") return hand_over(s, kComponentName, component);
      if (key == "version") return hand_over(s, kComponentVersion, component);
      if (key == "semanticVersion") return hand_over(s, kComponentSemanticVersion, component);
      if (key == "globalMessageStrings") return hand_over(s, kGlobalMessageStrings, component);
      if (key == "rules") return hand_over_items(s, kRule, component);
      return Status::Ok();
    });
  }

  Status read_results(JsonStream& s) {
    CW_RETURN_IF_ERROR(out_.emit(kResultsStart, run_, 0, nullptr));
    return for_each_item(s, [&] { return hand_over(s, kResult); });
  }

  const std::string& file_;
  const ImportOptions& options_;
  ItemSink& out_;
  std::int64_t run_ = 0;
};

}  // namespace

Status read_sarif_items(const std::string& file, const ImportOptions& options, ItemSink& out) {
  JsonStreamOptions o = stream_options(options);
  o.progress = [&out](std::int64_t bytes) { out.progress(bytes); };
  Result<std::unique_ptr<JsonStream>> opened = JsonStream::open(file, std::move(o));
  if (!opened.ok()) return opened.status();
  return Reader(file, options, out).read_log(**opened);
}

}  // namespace crosswalk::ingest::sarif
