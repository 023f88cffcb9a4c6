// OCSF findings as Prowler writes them (json-ocsf): a top-level array of events, or events one
// after another (newline-delimited or concatenated). Each event object is one finding.
#include <simdjson.h>

#include "ingest/importer.h"
#include "ingest/json_pipeline.h"
#include "ingest/json_stream.h"
#include "ingest/normalize.h"
#include "ingest/ondemand_fields.h"

namespace crosswalk::ingest {

namespace {

using namespace ondemand_fields;
using namespace normalize;
using domain::FindingStatus;

// The fields of an event, as views into simdjson's buffers (valid while its document is).
struct RawEvent {
  std::string_view event_code, product_name, vendor_name, product_version;
  std::string_view finding_uid, title;
  std::string_view status_code, compliance_status;
  std::optional<std::int64_t> status_id, compliance_status_id, severity_id;
  std::string_view severity, message, status_detail, time_dt;
  std::optional<double> time;
  bool muted = false;
  std::string_view resource_uid, resource_name;
  bool first_resource = true;
  std::vector<std::string_view> standards, requirements;
  std::vector<std::string> tags;
  bool ocsf = false;  // has a field only OCSF events have (class_uid, metadata, …)
};

error_code each_string(ondemand::value& v, std::vector<std::string_view>* out) {
  return for_each_item(v, [&](ondemand::value& item) {
    out->push_back(str(item));
    return simdjson::SUCCESS;
  });
}

error_code read_metadata(ondemand::value& v, RawEvent* r) {
  return for_each_field(v, [&](std::string_view key, ondemand::value& value) {
    if (key == "event_code") r->event_code = str(value);
    if (key != "product") return simdjson::SUCCESS;
    return for_each_field(value, [&](std::string_view pkey, ondemand::value& pvalue) {
      if (pkey == "name") r->product_name = str(pvalue);
      if (pkey == "vendor_name") r->vendor_name = str(pvalue);
      if (pkey == "version") r->product_version = str(pvalue);
      return simdjson::SUCCESS;
    });
  });
}

error_code read_finding_info(ondemand::value& v, RawEvent* r) {
  return for_each_field(v, [&](std::string_view key, ondemand::value& value) {
    if (key == "uid") r->finding_uid = str(value);
    if (key == "title") r->title = str(value);
    if (key != "types") return simdjson::SUCCESS;
    return for_each_item(value, [&](ondemand::value& type) {
      add_tag(&r->tags, normalize_tag(str(type)));
      return simdjson::SUCCESS;
    });
  });
}

error_code read_compliance(ondemand::value& v, RawEvent* r) {
  return for_each_field(v, [&](std::string_view key, ondemand::value& value) {
    if (key == "status_id") r->compliance_status_id = int64(value);
    if (key == "status") r->compliance_status = str(value);
    if (key == "standards") return each_string(value, &r->standards);
    if (key == "requirements") return each_string(value, &r->requirements);
    return simdjson::SUCCESS;
  });
}

// unmapped.compliance: {"CIS-1.4": ["1.20"], …} → "cis-1.4:1.20".
error_code read_unmapped(ondemand::value& v, RawEvent* r) {
  return for_each_field(v, [&](std::string_view key, ondemand::value& value) {
    if (key != "compliance") return simdjson::SUCCESS;
    return for_each_field(value, [&](std::string_view framework, ondemand::value& ids) {
      const std::string scheme = lower_ascii(trim(framework)) + ":";
      auto add = [&](std::string_view id) {
        if (!trim(id).empty()) add_tag(&r->tags, scheme + lower_ascii(trim(id)));
      };
      ondemand::json_type type;
      if (ids.type().get(type) == simdjson::SUCCESS && type == ondemand::json_type::string) {
        add(str(ids));
        return simdjson::SUCCESS;
      }
      return for_each_item(ids, [&](ondemand::value& id) {
        add(str(id));
        return simdjson::SUCCESS;
      });
    });
  });
}

error_code read_first_resource(ondemand::value& v, RawEvent* r) {
  return for_each_item(v, [&](ondemand::value& resource) {
    if (!r->first_resource) return simdjson::SUCCESS;
    r->first_resource = false;
    return for_each_field(resource, [&](std::string_view key, ondemand::value& value) {
      if (key == "uid") r->resource_uid = str(value);
      if (key == "name") r->resource_name = str(value);
      return simdjson::SUCCESS;
    });
  });
}

error_code read_vulnerabilities(ondemand::value& v, RawEvent* r) {
  return for_each_item(v, [&](ondemand::value& vulnerability) {
    add_tag(&r->tags, "vulnerability");
    return for_each_field(vulnerability, [&](std::string_view key, ondemand::value& value) {
      if (key != "cve") return simdjson::SUCCESS;
      return for_each_field(value, [&](std::string_view ckey, ondemand::value& cvalue) {
        if (ckey == "uid") {
          const std::string_view uid = str(cvalue);
          if (auto tag = cve_tag(uid))
            add_tag(&r->tags, *tag);
          else if (!uid.empty())
            add_tag(&r->tags, "cve:" + lower_ascii(trim(uid)));
        }
        return simdjson::SUCCESS;
      });
    });
  });
}

error_code read_event_fields(ondemand::object& obj, RawEvent* r) {
  return for_each_field(obj, [&](std::string_view key, ondemand::value& value) {
    if (key == "class_uid" || key == "type_uid" || key == "metadata" || key == "finding_info" ||
        key == "compliance" || key == "status_code")
      r->ocsf = true;
    if (key == "metadata") return read_metadata(value, r);
    if (key == "finding_info") return read_finding_info(value, r);
    if (key == "compliance") return read_compliance(value, r);
    if (key == "unmapped") return read_unmapped(value, r);
    if (key == "resources") return read_first_resource(value, r);
    if (key == "vulnerabilities") return read_vulnerabilities(value, r);
    if (key == "status_code")
      r->status_code = str(value);
    else if (key == "status_id")
      r->status_id = int64(value);
    else if (key == "severity")
      r->severity = str(value);
    else if (key == "severity_id")
      r->severity_id = int64(value);
    else if (key == "message")
      r->message = str(value);
    else if (key == "status_detail")
      r->status_detail = str(value);
    else if (key == "time")
      r->time = number(value);
    else if (key == "time_dt")
      r->time_dt = str(value);
    else if (key == "muted")
      r->muted = boolean(value).value_or(false);
    return simdjson::SUCCESS;
  });
}

void set_outcome(FindingStatus status, std::string detail, domain::Finding* f) {
  f->status = status;
  f->status_detail = std::move(detail);
}

// The pass/fail outcome: Prowler's status_code, else the compliance status (1 Pass, 2 Warning,
// 3 Fail). Never the workflow status_id (New … Deleted). MANUAL (a person must check) is not
// applicable; Warning ("no result for lack of information") is an error; no outcome at all is
// not applicable, never a pass.
void set_status(const RawEvent& r, domain::Finding* f) {
  const std::string code = lower_ascii(trim(r.status_code));
  const std::string compliance = lower_ascii(trim(r.compliance_status));
  if (code == "pass" || code == "passed") return set_outcome(FindingStatus::kPass, "", f);
  if (code == "fail" || code == "failed") return set_outcome(FindingStatus::kFail, "", f);
  if (code == "manual") return set_outcome(FindingStatus::kNotApplicable, "MANUAL", f);
  if (r.compliance_status_id == 1 || (!r.compliance_status_id && compliance == "pass"))
    return set_outcome(FindingStatus::kPass, "", f);
  if (r.compliance_status_id == 3 || (!r.compliance_status_id && compliance == "fail"))
    return set_outcome(FindingStatus::kFail, "", f);
  if (r.compliance_status_id == 2 || (!r.compliance_status_id && compliance == "warning"))
    return set_outcome(FindingStatus::kError, "Warning", f);
  if (!code.empty()) return set_outcome(FindingStatus::kError, std::string(r.status_code), f);
  if (!compliance.empty())
    return set_outcome(FindingStatus::kNotApplicable, std::string(r.compliance_status), f);
  set_outcome(FindingStatus::kNotApplicable, "no outcome (no status_code or compliance status)", f);
}

std::string severity_of(const RawEvent& r) {
  std::string s = severity_from_word(r.severity);
  if (!s.empty() || !r.severity_id) return s;
  switch (*r.severity_id) {
    case 1:
      return "info";
    case 2:
      return "low";
    case 3:
      return "medium";
    case 4:
      return "high";
    case 5:
    case 6:
      return "critical";
    default:
      return "";
  }
}

// compliance.standards / requirements: "standard:requirement" when there is one standard.
void add_compliance_tags(const RawEvent& r, domain::Finding* f) {
  if (r.standards.size() == 1 && !r.requirements.empty()) {
    const std::string scheme = lower_ascii(trim(r.standards.front())) + ":";
    for (std::string_view req : r.requirements)
      if (!trim(req).empty()) add_tag(&f->tags, scheme + lower_ascii(trim(req)));
    return;
  }
  for (std::string_view standard : r.standards) add_tag(&f->tags, normalize_tag(standard));
  for (std::string_view req : r.requirements) add_tag(&f->tags, normalize_tag(req));
}

void event_to_finding(RawEvent& r, std::int64_t offset, domain::Finding* f) {
  f->tool = std::string(!r.product_name.empty() ? r.product_name : r.vendor_name);
  f->tool_version = std::string(r.product_version);
  f->rule_id = std::string(!r.event_code.empty() ? r.event_code : r.finding_uid);
  f->rule_name = truncate_utf8(r.title, kMaxRuleNameBytes);
  set_status(r, f);
  f->suppressed = r.muted || r.status_id == 3;
  f->severity = severity_of(r);
  f->resource = std::string(!r.resource_uid.empty() ? r.resource_uid : r.resource_name);
  f->message = truncate_utf8(!r.message.empty() ? r.message : r.status_detail, kMaxMessageBytes);
  // `time` is epoch milliseconds (seconds from some tools); one past the year 9999 is no time
  // (and would not fit a Timestamp): time_dt, if any, is used instead.
  constexpr double kLastSecondOf9999 = 253402300799.0;
  const double seconds = r.time ? (*r.time > 1e12 ? *r.time / 1000 : *r.time) : 0;
  if (seconds > 0 && seconds <= kLastSecondOf9999)
    f->observed_at = static_cast<domain::Timestamp>(seconds);
  else
    f->observed_at = parse_timestamp(r.time_dt);
  f->tags = std::move(r.tags);
  add_compliance_tags(r, f);
  f->offset = offset;
}

enum ItemKind : int { kEvent, kEnd };

// The reading stage: each event object, from a top-level array or one after another.
Status read_events(JsonStream& s, ItemSink& out) {
  auto hand_over = [&]() -> Status {
    Result<bool> is_object = next_is(s, JsonKind::kObject);
    if (!is_object.ok()) return is_object.status();
    if (!*is_object) return s.error_at(s.offset(), "expected an OCSF event (a JSON object)");
    Result<JsonElement> e = s.capture();
    if (!e.ok()) return e.status();
    return out.emit(kEvent, 0, 0, &*e);
  };
  Result<JsonKind> kind = s.peek();
  if (!kind.ok()) return kind.status();
  if (*kind == JsonKind::kArray) {
    CW_RETURN_IF_ERROR(for_each_item(s, hand_over));
  } else if (*kind == JsonKind::kObject) {
    for (;;) {  // events one after another
      Result<bool> end = s.at_end();
      if (!end.ok()) return end.status();
      if (*end) break;
      CW_RETURN_IF_ERROR(hand_over());
    }
  } else {
    return s.error_at(s.offset(), "expected OCSF events: a JSON array or objects");
  }
  CW_RETURN_IF_ERROR(s.finish());
  return out.emit(kEnd, s.offset(), 0, nullptr);
}

// The parsing stage: events to findings, and one run per distinct (tool, version).
class OcsfBuilder {
 public:
  OcsfBuilder(const std::string& file, const FindingSink& sink) : file_(file), sink_(sink) {
    summary_.format = Format::kOcsf;
  }

  Status take(const PipelineItem& item) {
    if (item.kind == kEnd) {
      summary_.bytes = item.a;
      return Status::Ok();
    }
    const JsonElement e{item.text, item.offset};
    RawEvent raw;
    ondemand::document doc;
    ondemand::object obj;
    error_code err = parser_.iterate(padded(e)).get(doc);
    if (!err) err = doc.get_object().get(obj);
    if (!err) err = read_event_fields(obj, &raw);
    if (err) return element_error(file_, e, err);
    if (raw.ocsf)
      recognized_ = true;
    else if (first_unrecognized_ < 0)
      first_unrecognized_ = e.offset;
    domain::Finding f;
    event_to_finding(raw, e.offset, &f);
    count(f);
    return sink_(std::move(f));
  }

  ImportSummary summary() && { return std::move(summary_); }
  // A file none of whose objects looks like an OCSF event (a SARIF log named --format ocsf) is
  // not OCSF: its "findings" would prove nothing. The offset of its first object, or -1.
  std::int64_t not_ocsf_at() const { return recognized_ ? -1 : first_unrecognized_; }

 private:
  // One run per distinct (tool, version); it starts with its earliest finding.
  void count(const domain::Finding& f) {
    ++summary_.findings;
    for (ToolRun& run : summary_.runs) {
      if (run.tool != f.tool || run.tool_version != f.tool_version) continue;
      ++run.findings;
      if (f.observed_at && (!run.started_at || *f.observed_at < *run.started_at))
        run.started_at = f.observed_at;
      return;
    }
    ToolRun run;
    run.tool = f.tool;
    run.tool_version = f.tool_version;
    run.findings = 1;
    run.started_at = f.observed_at;
    summary_.runs.push_back(std::move(run));
  }

  const std::string& file_;
  const FindingSink& sink_;
  ImportSummary summary_;
  simdjson::ondemand::parser parser_;
  bool recognized_ = false;
  std::int64_t first_unrecognized_ = -1;
};

}  // namespace

Result<ImportSummary> import_ocsf(const std::string& path, const FindingSink& sink,
                                  const ImportOptions& options) {
  OcsfBuilder builder(path, sink);
  auto read = [&](ItemSink& out) -> Status {
    JsonStreamOptions o;
    o.chunk_bytes = options.read_chunk_bytes;
    o.max_element_bytes = options.max_element_bytes;
    o.max_depth = options.max_depth;
    o.progress = [&out](std::int64_t bytes) { out.progress(bytes); };
    Result<std::unique_ptr<JsonStream>> opened = JsonStream::open(path, std::move(o));
    if (!opened.ok()) return opened.status();
    return read_events(**opened, out);
  };
  CW_RETURN_IF_ERROR(run_pipeline(
      read, [&](const PipelineItem& item) { return builder.take(item); }, options.progress,
      worth_two_stages(path, options.read_chunk_bytes)));
  if (const std::int64_t at = builder.not_ocsf_at(); at >= 0)
    return json_error_at(path, at,
                         "not an OCSF event: none of class_uid, type_uid, metadata, finding_info, "
                         "compliance or status_code (is the file in another format?)");
  return std::move(builder).summary();
}

}  // namespace crosswalk::ingest
