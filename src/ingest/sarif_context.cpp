// The context of a SARIF run: its tool (driver, extensions) and rules, invocations, artifacts and
// taxonomies; rule lookup.
#include "ingest/normalize.h"
#include "ingest/ondemand_fields.h"
#include "ingest/sarif_model.h"

namespace crosswalk::ingest::sarif {

using namespace ondemand_fields;
using namespace normalize;

namespace {

using MessageStrings = std::vector<std::pair<std::string, std::string>>;

error_code read_message_strings(ondemand::value& v, MessageStrings* out) {
  return for_each_field(v, [&](std::string_view id, ondemand::value& message) {
    std::string_view text;
    if (error_code err = text_member(message, &text)) return err;
    out->emplace_back(id, text);
    return simdjson::SUCCESS;
  });
}

error_code read_taxon_ref(ondemand::value& v, TaxonRef* ref) {
  return for_each_field(v, [&](std::string_view key, ondemand::value& value) {
    if (key == "id") ref->id = str(value);
    if (key != "toolComponent") return simdjson::SUCCESS;
    return for_each_field(value, [&](std::string_view ckey, ondemand::value& cvalue) {
      if (ckey == "name") ref->taxonomy = str(cvalue);
      if (ckey == "index") ref->taxonomy_index = int64(cvalue).value_or(-1);
      return simdjson::SUCCESS;
    });
  });
}

error_code read_rule_properties(ondemand::value& v, Rule* rule) {
  return for_each_field(v, [&](std::string_view key, ondemand::value& value) {
    if (key == "security-severity") rule->security_severity = number(value);
    if (key != "tags") return simdjson::SUCCESS;
    return for_each_item(value, [&](ondemand::value& tag) {
      add_tag(&rule->tags, normalize_tag(str(tag)));
      return simdjson::SUCCESS;
    });
  });
}

error_code read_rule_fields(ondemand::object& obj, Rule* rule) {
  std::string_view name;
  std::string_view short_description;
  const error_code err = for_each_field(obj, [&](std::string_view key, ondemand::value& value) {
    if (key == "id") {
      rule->id = str(value);
    } else if (key == "name") {
      name = str(value);
    } else if (key == "shortDescription") {
      return text_member(value, &short_description);
    } else if (key == "defaultConfiguration") {
      return for_each_field(value, [&](std::string_view ckey, ondemand::value& cvalue) {
        if (ckey == "level") rule->default_level = str(cvalue);
        return simdjson::SUCCESS;
      });
    } else if (key == "properties") {
      return read_rule_properties(value, rule);
    } else if (key == "relationships") {
      return for_each_item(value, [&](ondemand::value& relationship) {
        return for_each_field(relationship, [&](std::string_view rkey, ondemand::value& target) {
          if (rkey != "target") return simdjson::SUCCESS;
          TaxonRef ref;
          const error_code e = read_taxon_ref(target, &ref);
          if (!ref.id.empty()) rule->taxa.push_back(std::move(ref));
          return e;
        });
      });
    } else if (key == "messageStrings") {
      return read_message_strings(value, &rule->message_strings);
    }
    return simdjson::SUCCESS;
  });
  // A title is one line (some converters put whole paragraphs in shortDescription).
  std::string_view title = short_description.empty() ? name : short_description;
  title = trim(title.substr(0, title.find_first_of("\r\n")));
  rule->title = truncate_utf8(title, kMaxRuleNameBytes);
  return err;
}

}  // namespace

Component& component(Run& run, std::int64_t index) {
  if (index < 0 || index >= static_cast<std::int64_t>(run.extensions.size())) return run.driver;
  return run.extensions[static_cast<std::size_t>(index)];
}

// One item of rules[]. Items that are not objects still take their index.
Status read_rule(const std::string& file, const JsonElement& e, parser& p, Component* component) {
  Rule rule;
  ondemand::document doc;
  ondemand::object obj;
  error_code err = p.iterate(padded(e)).get(doc);
  if (!err && doc.get_object().get(obj) == simdjson::SUCCESS) err = read_rule_fields(obj, &rule);
  if (err) return element_error(file, e, err);
  if (!rule.id.empty()) component->rule_by_id.emplace(rule.id, component->rules.size());
  component->rules.push_back(std::move(rule));
  return Status::Ok();
}

Status read_global_message_strings(const std::string& file, const JsonElement& e, parser& p,
                                   Component* component) {
  ondemand::document doc;
  ondemand::value root;
  error_code err = p.iterate(padded(e)).get(doc);
  if (!err) err = doc.get_value().get(root);
  if (!err) err = read_message_strings(root, &component->message_strings);
  return err ? element_error(file, e, err) : Status::Ok();
}

Status read_taxonomy(const std::string& file, const JsonElement& e, parser& p, Run* run) {
  std::string_view name;
  ondemand::document doc;
  ondemand::object obj;
  error_code err = p.iterate(padded(e)).get(doc);
  if (!err && doc.get_object().get(obj) == simdjson::SUCCESS) {
    err = for_each_field(obj, [&](std::string_view key, ondemand::value& value) {
      if (key == "name") name = str(value);
      return simdjson::SUCCESS;
    });
  }
  if (err) return element_error(file, e, err);
  run->taxonomy_names.emplace_back(name);
  return Status::Ok();
}

Status read_invocation(const std::string& file, const JsonElement& e, parser& p, Run* run) {
  std::string_view start;
  std::string_view end;
  std::optional<bool> successful;
  std::optional<std::int64_t> exit_code;
  std::vector<std::string_view> errors;
  ondemand::document doc;
  ondemand::object obj;
  error_code err = p.iterate(padded(e)).get(doc);
  if (!err && doc.get_object().get(obj) == simdjson::SUCCESS) {
    err = for_each_field(obj, [&](std::string_view key, ondemand::value& value) {
      if (key == "startTimeUtc") start = str(value);
      if (key == "endTimeUtc") end = str(value);
      if (key == "executionSuccessful") successful = boolean(value);
      if (key == "exitCode") exit_code = int64(value);
      if (key != "toolExecutionNotifications") return simdjson::SUCCESS;
      return for_each_item(value, [&](ondemand::value& notification) {
        std::string_view level;
        std::string_view text;
        const error_code e2 =
            for_each_field(notification, [&](std::string_view nkey, ondemand::value& nvalue) {
              if (nkey == "level") level = str(nvalue);
              if (nkey == "message") return text_member(nvalue, &text);
              return simdjson::SUCCESS;
            });
        if (level == "error") errors.push_back(text.empty() ? "error notification" : text);
        return e2;
      });
    });
  }
  if (err) return element_error(file, e, err);
  if (run->invocations++ == 0) {
    run->started_at = parse_timestamp(start);
    run->invocation_time = parse_timestamp(end);
    if (!run->invocation_time) run->invocation_time = run->started_at;
  }
  auto add_error = [&](std::string_view text) {
    run->completed = false;
    if (run->errors.size() < kMaxRunErrors)
      run->errors.push_back(truncate_utf8(text, kMaxRunErrorBytes));
    else
      ++run->errors_dropped;
  };
  if (successful == false) {
    add_error("the tool reports that it did not run successfully" +
              (exit_code ? " (exit code " + std::to_string(*exit_code) + ")" : std::string()));
  }
  for (std::string_view text : errors) add_error(text);
  return Status::Ok();
}

Status read_artifact(const std::string& file, const JsonElement& e, parser& p, Run* run) {
  std::string_view uri;
  ondemand::document doc;
  ondemand::object obj;
  error_code err = p.iterate(padded(e)).get(doc);
  if (!err && doc.get_object().get(obj) == simdjson::SUCCESS) {
    err = for_each_field(obj, [&](std::string_view key, ondemand::value& value) {
      if (key != "location") return simdjson::SUCCESS;
      return for_each_field(value, [&](std::string_view lkey, ondemand::value& lvalue) {
        if (lkey == "uri") uri = str(lvalue);
        return simdjson::SUCCESS;
      });
    });
  }
  if (err) return element_error(file, e, err);
  run->artifact_uris.emplace_back(uri);  // every item, so that indexes match
  return Status::Ok();
}

std::string taxon_tag(const Run& run, const TaxonRef& ref) {
  std::string taxonomy = ref.taxonomy;
  if (taxonomy.empty() && ref.taxonomy_index >= 0 &&
      ref.taxonomy_index < static_cast<std::int64_t>(run.taxonomy_names.size())) {
    taxonomy = run.taxonomy_names[static_cast<std::size_t>(ref.taxonomy_index)];
  }
  if (lower_ascii(taxonomy) == "cwe") {
    if (auto tag = cwe_tag(ref.id)) return *tag;
    if (auto tag = cwe_tag("cwe-" + ref.id)) return *tag;
  }
  if (taxonomy.empty()) return normalize_tag(ref.id);
  return lower_ascii(trim(taxonomy)) + ":" + lower_ascii(trim(ref.id));
}

void prepare_rules(Run* run) {
  if (run->rules_prepared) return;
  run->rules_prepared = true;
  auto prepare = [&](Component& component) {
    for (Rule& rule : component.rules)
      for (const TaxonRef& ref : rule.taxa) add_tag(&rule.tags, taxon_tag(*run, ref));
  };
  prepare(run->driver);
  for (Component& extension : run->extensions) prepare(extension);
}

const Rule* find_rule(const Run& run, std::string_view id, std::int64_t index,
                      std::int64_t component) {
  const Component* in = &run.driver;
  if (component >= 0) {
    if (component >= static_cast<std::int64_t>(run.extensions.size())) return nullptr;
    in = &run.extensions[static_cast<std::size_t>(component)];
  }
  if (index >= 0 && index < static_cast<std::int64_t>(in->rules.size()))
    return &in->rules[static_cast<std::size_t>(index)];
  if (id.empty()) return nullptr;
  // Hierarchical ids ("C2001/1") fall back to their base rule.
  for (std::string_view key = id;;) {
    if (auto it = in->rule_by_id.find(std::string(key)); it != in->rule_by_id.end())
      return &in->rules[it->second];
    if (component < 0) {
      for (const Component& extension : run.extensions)
        if (auto it = extension.rule_by_id.find(std::string(key)); it != extension.rule_by_id.end())
          return &extension.rules[it->second];
    }
    const std::size_t slash = key.rfind('/');
    if (slash == std::string_view::npos || slash == 0) return nullptr;
    key = key.substr(0, slash);
  }
}

}  // namespace crosswalk::ingest::sarif
