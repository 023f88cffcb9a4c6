// One SARIF result as a normalized finding.
#include "ingest/normalize.h"
#include "ingest/ondemand_fields.h"
#include "ingest/sarif_model.h"

namespace crosswalk::ingest::sarif {

using namespace ondemand_fields;
using namespace normalize;
using domain::FindingStatus;

namespace {

// The fields of a result, as views into simdjson's buffers (valid while its document is).
struct RawResult {
  std::string_view rule_id;
  std::int64_t rule_index = -1;
  std::string_view rule_ref_id;  // result.rule.id
  std::int64_t rule_ref_index = -1;
  std::int64_t component = -1;  // result.rule.toolComponent.index
  std::string_view kind;
  std::string_view level;
  std::string_view message_text;
  std::string_view message_markdown;
  std::string_view message_id;
  std::vector<std::string_view> arguments;
  std::string_view uri;
  std::int64_t artifact_index = -1;
  std::int64_t start_line = -1;
  std::string_view logical_location;
  bool suppressed = false;
  bool suppression_withdrawn = false;  // a suppression under review or rejected
  std::optional<double> security_severity;
  std::vector<std::string_view> tags;
  std::vector<TaxonRef> taxa;
  std::string_view last_detection;
  std::string_view first_detection;
};

error_code read_message(ondemand::value& v, RawResult* r) {
  return for_each_field(v, [&](std::string_view key, ondemand::value& value) {
    if (key == "text") r->message_text = str(value);
    if (key == "markdown") r->message_markdown = str(value);
    if (key == "id") r->message_id = str(value);
    if (key != "arguments") return simdjson::SUCCESS;
    return for_each_item(value, [&](ondemand::value& argument) {
      r->arguments.push_back(str(argument));
      return simdjson::SUCCESS;
    });
  });
}

error_code read_physical_location(ondemand::value& v, RawResult* r) {
  return for_each_field(v, [&](std::string_view key, ondemand::value& value) {
    if (key == "artifactLocation") {
      return for_each_field(value, [&](std::string_view akey, ondemand::value& avalue) {
        if (akey == "uri") r->uri = str(avalue);
        if (akey == "index") r->artifact_index = int64(avalue).value_or(-1);
        return simdjson::SUCCESS;
      });
    }
    if (key == "region") {
      return for_each_field(value, [&](std::string_view rkey, ondemand::value& rvalue) {
        if (rkey == "startLine") r->start_line = int64(rvalue).value_or(-1);
        return simdjson::SUCCESS;
      });
    }
    return simdjson::SUCCESS;
  });
}

error_code read_first_logical_location(ondemand::value& v, RawResult* r) {
  bool first = true;
  return for_each_item(v, [&](ondemand::value& item) {
    if (!first) return simdjson::SUCCESS;
    first = false;
    std::string_view name;
    const error_code err = for_each_field(item, [&](std::string_view key, ondemand::value& value) {
      if (key == "fullyQualifiedName") r->logical_location = str(value);
      if (key == "name") name = str(value);
      return simdjson::SUCCESS;
    });
    if (r->logical_location.empty()) r->logical_location = name;
    return err;
  });
}

error_code read_first_location(ondemand::value& v, RawResult* r) {
  bool first = true;
  return for_each_item(v, [&](ondemand::value& item) {
    if (!first) return simdjson::SUCCESS;
    first = false;
    return for_each_field(item, [&](std::string_view key, ondemand::value& value) {
      if (key == "physicalLocation") return read_physical_location(value, r);
      if (key == "logicalLocations") return read_first_logical_location(value, r);
      return simdjson::SUCCESS;
    });
  });
}

error_code read_suppressions(ondemand::value& v, RawResult* r) {
  return for_each_item(v, [&](ondemand::value& item) {
    r->suppressed = true;
    return for_each_field(item, [&](std::string_view key, ondemand::value& value) {
      if (key == "status") {
        const std::string_view status = str(value);
        if (status == "underReview" || status == "rejected") r->suppression_withdrawn = true;
      }
      return simdjson::SUCCESS;
    });
  });
}

error_code read_rule_ref(ondemand::value& v, RawResult* r) {
  return for_each_field(v, [&](std::string_view key, ondemand::value& value) {
    if (key == "id") r->rule_ref_id = str(value);
    if (key == "index") r->rule_ref_index = int64(value).value_or(-1);
    if (key != "toolComponent") return simdjson::SUCCESS;
    return for_each_field(value, [&](std::string_view ckey, ondemand::value& cvalue) {
      if (ckey == "index") r->component = int64(cvalue).value_or(-1);
      return simdjson::SUCCESS;
    });
  });
}

error_code read_properties(ondemand::value& v, RawResult* r) {
  return for_each_field(v, [&](std::string_view key, ondemand::value& value) {
    if (key == "security-severity") r->security_severity = number(value);
    if (key != "tags") return simdjson::SUCCESS;
    return for_each_item(value, [&](ondemand::value& tag) {
      r->tags.push_back(str(tag));
      return simdjson::SUCCESS;
    });
  });
}

error_code read_provenance(ondemand::value& v, RawResult* r) {
  return for_each_field(v, [&](std::string_view key, ondemand::value& value) {
    if (key == "lastDetectionTimeUtc") r->last_detection = str(value);
    if (key == "firstDetectionTimeUtc") r->first_detection = str(value);
    return simdjson::SUCCESS;
  });
}

error_code read_result(ondemand::object& obj, RawResult* r) {
  return for_each_field(obj, [&](std::string_view key, ondemand::value& value) {
    if (key == "ruleId")
      r->rule_id = str(value);
    else if (key == "ruleIndex")
      r->rule_index = int64(value).value_or(-1);
    else if (key == "rule")
      return read_rule_ref(value, r);
    else if (key == "kind")
      r->kind = str(value);
    else if (key == "level")
      r->level = str(value);
    else if (key == "message")
      return read_message(value, r);
    else if (key == "locations")
      return read_first_location(value, r);
    else if (key == "suppressions")
      return read_suppressions(value, r);
    else if (key == "properties")
      return read_properties(value, r);
    else if (key == "provenance")
      return read_provenance(value, r);
    else if (key == "taxa") {
      return for_each_item(value, [&](ondemand::value& taxon) {
        TaxonRef ref;
        const error_code taxon_err =
            for_each_field(taxon, [&](std::string_view tkey, ondemand::value& tvalue) {
              if (tkey == "id") ref.id = str(tvalue);
              if (tkey != "toolComponent") return simdjson::SUCCESS;
              return for_each_field(tvalue, [&](std::string_view ckey, ondemand::value& cvalue) {
                if (ckey == "name") ref.taxonomy = str(cvalue);
                if (ckey == "index") ref.taxonomy_index = int64(cvalue).value_or(-1);
                return simdjson::SUCCESS;
              });
            });
        if (!ref.id.empty()) r->taxa.push_back(std::move(ref));
        return taxon_err;
      });
    }
    return simdjson::SUCCESS;
  });
}

// kind and level → status. SARIF's kinds: fail, pass, notApplicable, open (the tool could not
// decide: error), review (a person must decide: not applicable, like Prowler's MANUAL),
// informational (not a problem: not applicable). A failure of level "none" is informational.
void set_status(std::string_view kind, std::string_view level, domain::Finding* f) {
  if (kind == "fail") {
    if (level == "none") {
      f->status = FindingStatus::kNotApplicable;
      f->status_detail = "level none";
    } else {
      f->status = FindingStatus::kFail;
    }
  } else if (kind == "pass") {
    f->status = FindingStatus::kPass;
  } else if (kind == "notApplicable") {
    f->status = FindingStatus::kNotApplicable;
  } else if (kind == "review" || kind == "informational") {
    f->status = FindingStatus::kNotApplicable;
    f->status_detail = kind;
  } else {  // open, or a word SARIF does not define
    f->status = FindingStatus::kError;
    f->status_detail = kind;
  }
}

std::string severity_from_level(std::string_view level) {
  if (level == "error") return "high";
  if (level == "warning") return "medium";
  if (level == "note") return "low";
  if (level == "none") return "info";
  return "";
}

const std::string* find_message(const std::vector<std::pair<std::string, std::string>>& strings,
                                std::string_view id) {
  for (const auto& [key, text] : strings)
    if (key == id) return &text;
  return nullptr;
}

// A message string with its "{0}" placeholders filled ("{{" and "}}" are literal braces).
std::string format_message(std::string_view pattern, const std::vector<std::string_view>& args) {
  std::string out;
  out.reserve(pattern.size());
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if ((c == '{' || c == '}') && i + 1 < pattern.size() && pattern[i + 1] == c) {
      out.push_back(c);
      ++i;
      continue;
    }
    if (c == '{') {
      std::size_t j = i + 1;
      std::size_t n = 0;
      while (j < pattern.size() && pattern[j] >= '0' && pattern[j] <= '9' && j - i < 6)
        n = n * 10 + static_cast<std::size_t>(pattern[j++] - '0');
      if (j > i + 1 && j < pattern.size() && pattern[j] == '}' && n < args.size()) {
        out.append(args[n]);
        i = j;
        continue;
      }
    }
    out.push_back(c);
  }
  return out;
}

std::string message_of(const RawResult& r, const Rule* rule, const Run& run) {
  if (!r.message_text.empty()) return truncate_utf8(r.message_text, kMaxMessageBytes);
  const std::string* pattern = nullptr;
  if (!r.message_id.empty()) {
    if (rule != nullptr) pattern = find_message(rule->message_strings, r.message_id);
    if (pattern == nullptr) pattern = find_message(run.driver.message_strings, r.message_id);
  }
  if (pattern != nullptr)
    return truncate_utf8(format_message(*pattern, r.arguments), kMaxMessageBytes);
  return truncate_utf8(r.message_markdown, kMaxMessageBytes);
}

std::string resource_of(const RawResult& r, const Run& run) {
  std::string uri(r.uri);
  if (uri.empty() && r.artifact_index >= 0 &&
      r.artifact_index < static_cast<std::int64_t>(run.artifact_uris.size())) {
    uri = run.artifact_uris[static_cast<std::size_t>(r.artifact_index)];
  }
  if (uri.empty()) return std::string(r.logical_location);
  if (r.start_line >= 0) {
    uri += ':';
    uri += std::to_string(r.start_line);
  }
  return uri;
}

}  // namespace

Status result_to_finding(const std::string& file, const JsonElement& e, parser& p, const Run& run,
                         domain::Finding* f) {
  RawResult r;
  ondemand::document doc;
  ondemand::object obj;
  error_code err = p.iterate(padded(e)).get(doc);
  if (!err) err = doc.get_object().get(obj);
  if (!err) err = read_result(obj, &r);
  if (err) return element_error(file, e, err);

  f->tool = run.driver.name;
  f->tool_version =
      run.driver.semantic_version.empty() ? run.driver.version : run.driver.semantic_version;
  f->offset = e.offset;
  const std::string_view id = !r.rule_id.empty() ? r.rule_id : r.rule_ref_id;
  const Rule* rule =
      find_rule(run, id, r.rule_index >= 0 ? r.rule_index : r.rule_ref_index, r.component);
  f->rule_id = !id.empty() ? std::string(id) : rule != nullptr ? rule->id : std::string();
  if (rule != nullptr) f->rule_name = rule->title;

  const std::string_view kind = r.kind.empty() ? "fail" : r.kind;
  std::string_view level = r.level;
  if (level.empty() && kind != "fail") level = "none";
  if (level.empty() && rule != nullptr) level = rule->default_level;
  if (level.empty()) level = "warning";
  set_status(kind, level, f);
  f->suppressed = r.suppressed && !r.suppression_withdrawn;

  std::optional<double> score = r.security_severity;
  if (!score && rule != nullptr) score = rule->security_severity;
  if (score) f->severity = severity_from_cvss(*score);
  if (f->severity.empty()) f->severity = severity_from_level(level);

  f->resource = resource_of(r, run);
  f->message = message_of(r, rule, run);

  if (rule != nullptr)
    for (const std::string& tag : rule->tags) add_tag(&f->tags, tag);
  for (std::string_view tag : r.tags) add_tag(&f->tags, normalize_tag(tag));
  for (const TaxonRef& ref : r.taxa) add_tag(&f->tags, taxon_tag(run, ref));
  if (auto cve = cve_tag(f->rule_id)) add_tag(&f->tags, *cve);

  f->observed_at = run.invocation_time;
  if (!f->observed_at) f->observed_at = parse_timestamp(r.last_detection);
  if (!f->observed_at) f->observed_at = parse_timestamp(r.first_detection);
  return Status::Ok();
}

}  // namespace crosswalk::ingest::sarif
