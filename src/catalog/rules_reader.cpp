#include "catalog/rules_reader.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <stdexcept>

#include "catalog/json_reader.h"

namespace crosswalk::catalog {

using domain::FindingMatch;
using domain::MappingRule;
using domain::ReferenceTable;
using domain::RuleSet;
using domain::TagTranslation;
using nlohmann::json;

namespace {

constexpr std::int64_t kMaxFreshnessDays = 3650;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool has_glob(const std::string& s) {
  return s.find_first_of("*?") != std::string::npos;
}

// A scheme shaped like a framework id (iso27001-2013, soc2-2017) names requirements, so it must be
// one the catalog knows, or one a translation rewrites; other schemes (cwe, cve, cce) are free.
bool framework_shaped(const std::string& scheme) {
  static const std::regex shape("[a-z]+[0-9]+-[0-9]{4}");
  return std::regex_match(scheme, shape);
}

std::string key_path(const std::string& field, const std::string& key) {
  return field + "[" + json(key).dump() + "]";
}

std::string index_path(const std::string& field, std::size_t i) {
  return field + "[" + std::to_string(i) + "]";
}

struct DuplicateKey : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// nlohmann keeps the last of two equal keys silently; a rules file must not say a thing twice.
Result<json> parse_strict(const std::string& name, const std::string& text) {
  std::vector<std::set<std::string>> open_objects;
  auto callback = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      open_objects.emplace_back();
    } else if (event == json::parse_event_t::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == json::parse_event_t::key && !open_objects.empty()) {
      const std::string key = parsed.get<std::string>();
      if (!open_objects.back().insert(key).second)
        throw DuplicateKey("duplicate key '" + key + "' in one object");
    }
    return true;
  };
  try {
    return json::parse(text, callback);
  } catch (const json::parse_error& e) {
    return Status::InvalidInput(name + ": malformed JSON: " + e.what());
  } catch (const DuplicateKey& e) {
    return Status::InvalidInput(name + ": " + e.what());
  }
}

// Where a tag appears decides what it may reference.
enum class TagUse { kTable, kTranslationFrom, kTranslationTo, kMatch };

class RulesReader {
 public:
  explicit RulesReader(const Catalog& catalog) {
    for (const auto& fw : catalog.frameworks) {
      auto& refs = refs_[lower(fw.id)];
      for (const auto& req : fw.requirements()) refs.insert(lower(req.ref));
      framework_ids_[lower(fw.id)] = fw.id;
    }
    for (const auto& t : catalog.templates) template_ids_[lower(t.id)] = t.id;
  }

  // First pass: every translated tag, so tables in any file can be checked against them.
  void collect_translated(const json& doc) {
    if (!doc.is_object() || !doc.contains("translations") || !doc["translations"].is_array())
      return;
    for (const json& t : doc["translations"]) {
      if (!t.is_object() || !t.contains("entries") || !t["entries"].is_array()) continue;
      for (const json& e : t["entries"]) {
        if (!e.is_object() || !e.contains("from") || !e["from"].is_string()) continue;
        const std::string from = lower(e["from"].get<std::string>());
        translated_.insert(from);
        if (const auto colon = from.find(':'); colon != std::string::npos)
          translated_schemes_.insert(from.substr(0, colon));
      }
    }
  }

  Status read_file(const std::string& name, const json& doc) {
    file_ = name;
    const JsonReader r(doc, "");
    CW_RETURN_IF_ERROR(r.require_object());
    CW_RETURN_IF_ERROR(r.only({"about", "tables", "translations", "rules"}));
    std::string about;
    CW_RETURN_IF_ERROR(r.string("about", about, false));
    if (!r.has("tables") && !r.has("translations") && !r.has("rules"))
      return Status::InvalidInput(
          "document: defines nothing (expected tables, translations or rules)");
    CW_RETURN_IF_ERROR(r.each(
        "translations", [&](const JsonReader& t) { return read_translation(t); }, false));
    CW_RETURN_IF_ERROR(r.each(
        "tables", [&](const JsonReader& t) { return read_table(t); }, false));
    return r.each(
        "rules", [&](const JsonReader& t) { return read_rule(t); }, false);
  }

  RuleSet take() { return std::move(out_); }

 private:
  Status read_id(const JsonReader& r, std::string& id) {
    static const std::regex shape("[a-z0-9][a-z0-9._-]{0,99}");
    CW_RETURN_IF_ERROR(r.string("id", id));
    if (!std::regex_match(id, shape))
      return r.error("id", "'" + id +
                               "' must be 1 to 100 of a-z, 0-9, '.', '_', '-' (it becomes part of "
                               "check ids), starting with a letter or digit");
    const std::string where = file_ + ": " + r.path();
    const auto [it, fresh] = ids_.emplace(id, where);
    if (!fresh)
      return r.error("id", "duplicate id '" + id + "' (already used by " + it->second + ")");
    return Status::Ok();
  }

  Status read_rationale(const JsonReader& r) {
    std::string rationale;
    return r.string("rationale", rationale);
  }

  static Status check_glob(const JsonReader& m, const char* key, const std::string& glob) {
    if (glob.empty()) return m.error(key, "must not be empty (leave the field out instead)");
    if (glob.find_first_not_of('*') == std::string::npos)
      return m.error(key, "'" + glob + "' matches everything; leave the field out instead");
    if (std::isspace(static_cast<unsigned char>(glob.front())) ||
        std::isspace(static_cast<unsigned char>(glob.back())))
      return m.error(key, "'" + glob + "' starts or ends with white space");
    for (const char c : glob) {
      if (std::iscntrl(static_cast<unsigned char>(c)))
        return m.error(key, "control character in '" + glob + "'");
      // A literal ']' is harmless; '[' and braces would read as shell classes or alternatives.
      if (std::string_view("[{}\\").find(c) != std::string_view::npos)
        return m.error(key, "'" + glob + "': only '*' and '?' are wildcards; '" +
                                std::string(1, c) + "' is not supported");
    }
    return Status::Ok();
  }

  // Checks a reference tag ("scheme:value") and lower-cases it.
  Status check_tag(const JsonReader& r, const std::string& field, std::string& tag,
                   TagUse use) const {
    tag = lower(tag);
    if (use == TagUse::kTranslationTo && translated_.count(tag))
      return r.error(field, "'" + tag +
                                "' is itself translated; translations apply once, so name the "
                                "final tag");
    const auto colon = tag.find(':');
    if (use != TagUse::kMatch &&
        (colon == std::string::npos || colon == 0 || colon + 1 == tag.size()))
      return r.error(field, "'" + tag + "' is not a reference tag of the form scheme:value");
    if (use != TagUse::kMatch && (std::isspace(static_cast<unsigned char>(tag.front())) ||
                                  std::isspace(static_cast<unsigned char>(tag.back())) ||
                                  std::isspace(static_cast<unsigned char>(tag[colon - 1])) ||
                                  std::isspace(static_cast<unsigned char>(tag[colon + 1]))))
      return r.error(field, "'" + tag + "' has white space around its parts");
    if (colon == std::string::npos) return Status::Ok();
    const std::string scheme = tag.substr(0, colon);
    const std::string value = tag.substr(colon + 1);
    if (has_glob(scheme)) return Status::Ok();
    if (const auto fw = refs_.find(scheme); fw != refs_.end()) {
      if (has_glob(value) || fw->second.count(value)) return Status::Ok();
      return r.error(field, "'" + tag + "': " + value + " is not a requirement of " +
                                framework_ids_.at(scheme));
    }
    auto shaped = shaped_.find(scheme);
    if (shaped == shaped_.end()) shaped = shaped_.emplace(scheme, framework_shaped(scheme)).first;
    if (!shaped->second) return Status::Ok();
    if (use == TagUse::kTranslationFrom) return Status::Ok();
    if (!translated_schemes_.count(scheme) || use == TagUse::kTranslationTo)
      return r.error(
          field, "'" + tag + "': unknown framework '" + scheme + "' (not in the catalog" +
                     (use == TagUse::kTranslationTo ? ")" : ", and no translation rewrites it)"));
    if (!has_glob(value) && !translated_.count(tag))
      return r.error(field, "'" + tag + "': no translation rewrites this " + scheme +
                                " id (is it a real one?)");
    return Status::Ok();
  }

  // Every present field must be a usable glob; `present` tells whether there was a match at all.
  Status read_match(const JsonReader& r, FindingMatch& m, bool& present) {
    present = r.has("match");
    if (!present) return Status::Ok();
    const JsonReader mr = r.member("match");
    CW_RETURN_IF_ERROR(mr.require_object());
    CW_RETURN_IF_ERROR(mr.only({"format", "tool", "rule_id", "tag"}));
    if (mr.node().empty())
      return r.error("match", "is empty: name at least one of format, tool, rule_id, tag");
    for (auto [key, out] : {std::pair<const char*, std::string*>{"format", &m.format},
                            {"tool", &m.tool},
                            {"rule_id", &m.rule_id},
                            {"tag", &m.tag}}) {
      if (!mr.has(key)) continue;
      CW_RETURN_IF_ERROR(mr.string(key, *out));
      CW_RETURN_IF_ERROR(check_glob(mr, key, *out));
    }
    if (!m.format.empty()) {
      m.format = lower(m.format);
      static const std::set<std::string> formats = {"sarif", "ocsf", "xccdf", "junit"};
      if (!formats.count(m.format))
        return mr.error("format", "'" + m.format + "' is not one of sarif, ocsf, xccdf, junit");
    }
    if (!m.tag.empty()) CW_RETURN_IF_ERROR(check_tag(mr, "tag", m.tag, TagUse::kMatch));
    return Status::Ok();
  }

  // A non-empty list of distinct reference tags, lower-cased.
  Status read_tags(const JsonReader& r, const std::string& field, const json& node,
                   std::vector<std::string>& out, TagUse use, bool allow_empty) const {
    if (!node.is_array()) return r.error(field, "expected an array of tags");
    if (node.empty() && !allow_empty) return r.error(field, "lists no tag");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string at = index_path(field, i);
      if (!node[i].is_string()) return r.error(at, "expected a string");
      std::string tag = node[i].get<std::string>();
      CW_RETURN_IF_ERROR(check_tag(r, at, tag, use));
      if (!seen.insert(tag).second) return r.error(at, "'" + tag + "' is listed twice");
      out.push_back(std::move(tag));
    }
    return Status::Ok();
  }

  Status read_translation(const JsonReader& r) {
    TagTranslation t;
    t.source = file_;
    CW_RETURN_IF_ERROR(r.require_object());
    CW_RETURN_IF_ERROR(r.only({"id", "rationale", "entries"}));
    CW_RETURN_IF_ERROR(read_id(r, t.id));
    CW_RETURN_IF_ERROR(r.string("rationale", t.rationale));
    if (!r.has("entries") || !r.node().at("entries").is_array() || r.node().at("entries").empty())
      return r.error("entries", "expected a non-empty array of {from, to, rationale}");
    CW_RETURN_IF_ERROR(r.each("entries", [&](const JsonReader& e) {
      CW_RETURN_IF_ERROR(e.require_object());
      CW_RETURN_IF_ERROR(e.only({"from", "to", "rationale"}));
      CW_RETURN_IF_ERROR(read_rationale(e));
      std::string from;
      CW_RETURN_IF_ERROR(e.string("from", from));
      CW_RETURN_IF_ERROR(check_tag(e, "from", from, TagUse::kTranslationFrom));
      const std::string where = file_ + ": " + e.path();
      if (const auto [it, fresh] = translation_from_.emplace(from, where); !fresh)
        return e.error("from", "'" + from + "' is already translated by " + it->second);
      if (!e.has("to")) return e.error("to", "required field is missing");
      std::vector<std::string> to;
      CW_RETURN_IF_ERROR(read_tags(e, "to", e.node().at("to"), to, TagUse::kTranslationTo, true));
      t.to.emplace(from, std::move(to));
      return Status::Ok();
    }));
    out_.translations.push_back(std::move(t));
    return Status::Ok();
  }

  Status read_table(const JsonReader& r) {
    ReferenceTable t;
    t.source = file_;
    CW_RETURN_IF_ERROR(r.require_object());
    CW_RETURN_IF_ERROR(r.only({"id", "match", "rationale", "tags_by_rule_id"}));
    CW_RETURN_IF_ERROR(read_id(r, t.id));
    CW_RETURN_IF_ERROR(r.string("rationale", t.rationale));
    bool has_match = false;
    CW_RETURN_IF_ERROR(read_match(r, t.match, has_match));
    if (!has_match)
      return r.error("match", "required field is missing (a table applies to one tool's findings)");
    if (!r.has("tags_by_rule_id") || !r.node().at("tags_by_rule_id").is_object() ||
        r.node().at("tags_by_rule_id").empty())
      return r.error("tags_by_rule_id", "expected a non-empty object of rule id -> [tags]");
    std::map<std::string, std::string> original;  // lower-case key -> key as written
    for (const auto& [key, tags] : r.node().at("tags_by_rule_id").items()) {
      const std::string at = key_path("tags_by_rule_id", key);
      const std::string k = lower(key);
      if (k.empty() || std::isspace(static_cast<unsigned char>(k.front())) ||
          std::isspace(static_cast<unsigned char>(k.back())))
        return r.error(at, "a rule id must be non-empty without surrounding white space");
      if (const auto [it, fresh] = original.emplace(k, key); !fresh)
        return r.error(at, "same rule id as \"" + it->second + "\" once lower-cased");
      CW_RETURN_IF_ERROR(read_tags(r, at, tags, t.tags_by_rule_id[k], TagUse::kTable, false));
    }
    out_.tables.push_back(std::move(t));
    return Status::Ok();
  }

  Status read_templates(const JsonReader& r, std::vector<std::string>& out) const {
    std::vector<std::string> ids;
    CW_RETURN_IF_ERROR(r.strings("templates", ids, false));
    std::set<std::string> seen;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::string at = index_path("templates", i);
      const auto it = template_ids_.find(lower(ids[i]));
      if (it == template_ids_.end())
        return r.error(at, "unknown control template '" + ids[i] + "'");
      if (!seen.insert(it->second).second)
        return r.error(at, "'" + it->second + "' is listed twice");
      out.push_back(it->second);
    }
    return Status::Ok();
  }

  Status read_rule(const JsonReader& r) {
    MappingRule rule;
    rule.source = file_;
    CW_RETURN_IF_ERROR(r.require_object());
    CW_RETURN_IF_ERROR(r.only({"id", "title", "match", "templates", "requirements_from_tags",
                               "clean_run_passes", "freshness_days", "rationale"}));
    CW_RETURN_IF_ERROR(read_id(r, rule.id));
    CW_RETURN_IF_ERROR(r.string("title", rule.title));
    CW_RETURN_IF_ERROR(r.string("rationale", rule.rationale));
    bool has_match = false;
    CW_RETURN_IF_ERROR(read_match(r, rule.match, has_match));
    CW_RETURN_IF_ERROR(read_templates(r, rule.templates));
    if (r.has("requirements_from_tags")) {
      std::string fw;
      CW_RETURN_IF_ERROR(r.string("requirements_from_tags", fw));
      const auto it = framework_ids_.find(lower(fw));
      if (it == framework_ids_.end())
        return r.error("requirements_from_tags", "unknown framework '" + fw + "'");
      rule.requirements_from_tags = it->second;
    }
    if (rule.templates.empty() && rule.requirements_from_tags.empty())
      return r.error("templates",
                     "the rule proves nothing: name templates or "
                     "requirements_from_tags");
    if (!has_match && rule.requirements_from_tags.empty())
      return r.error("match",
                     "required field is missing (only a requirements_from_tags rule "
                     "may apply to every finding)");
    CW_RETURN_IF_ERROR(r.boolean("clean_run_passes", rule.clean_run_passes, false));
    if (rule.clean_run_passes) {
      if (rule.match.tool.empty())
        return r.error("clean_run_passes",
                       "needs match.tool: only a named tool's run can be clean");
      if (rule.templates.empty())
        return r.error("clean_run_passes",
                       "needs templates: a clean run carries no tags for requirements_from_tags");
    }
    if (r.has("freshness_days")) {
      const json& days = r.node().at("freshness_days");
      if (!days.is_number_integer() || days.get<std::int64_t>() < 1 ||
          days.get<std::int64_t>() > kMaxFreshnessDays)
        return r.error("freshness_days", "expected a whole number of days from 1 to " +
                                             std::to_string(kMaxFreshnessDays));
      rule.freshness_seconds = days.get<std::int64_t>() * domain::kSecondsPerDay;
    }
    out_.rules.push_back(std::move(rule));
    return Status::Ok();
  }

  std::map<std::string, std::set<std::string>> refs_;  // framework id -> refs, lower-case
  std::map<std::string, std::string> framework_ids_;   // lower-case -> as in the catalog
  std::map<std::string, std::string> template_ids_;    // lower-case -> as in the catalog
  std::set<std::string> translated_, translated_schemes_;
  mutable std::map<std::string, bool> shaped_;  // scheme -> framework_shaped(scheme), memoized
  std::map<std::string, std::string> ids_;      // id -> where it was defined
  std::map<std::string, std::string> translation_from_;  // tag -> where it is translated
  std::string file_;
  RuleSet out_;
};

}  // namespace

Result<RuleSet> read_rules(const std::vector<std::pair<std::string, std::string>>& files,
                           const Catalog& catalog) {
  std::vector<std::pair<std::string, json>> docs;
  for (const auto& [name, text] : files) {
    auto doc = parse_strict(name, text);
    if (!doc.ok()) return doc.status();
    docs.emplace_back(name, std::move(doc).value());
  }
  RulesReader reader(catalog);
  for (const auto& [name, doc] : docs) reader.collect_translated(doc);
  for (const auto& [name, doc] : docs)
    CW_RETURN_IF_ERROR(reader.read_file(name, doc).with_context(name));
  return reader.take();
}

}  // namespace crosswalk::catalog
