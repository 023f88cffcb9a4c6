#include "domain/evidence_mapping.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace crosswalk::domain {
namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool any_tag_matches(std::string_view pattern, const std::vector<std::string>& tags) {
  return std::any_of(tags.begin(), tags.end(),
                     [&](const std::string& t) { return glob_match(pattern, t); });
}

bool matches(const FindingMatch& m, std::string_view format, const Finding& f) {
  return (m.format.empty() || glob_match(m.format, format)) &&
         (m.tool.empty() || glob_match(m.tool, f.tool)) &&
         (m.rule_id.empty() || glob_match(m.rule_id, f.rule_id)) &&
         (m.tag.empty() || any_tag_matches(m.tag, f.tags));
}

void add_tag(std::vector<std::string>& tags, std::string tag) {
  if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
}

const std::vector<std::string> kNone;

std::string truncated(std::string s, std::size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // keep UTF-8 whole
  s.resize(n);
  return s + "…";
}

std::string describe(const Finding& f) {
  std::string s = f.rule_id.empty() ? f.rule_name : f.rule_id;
  if (!f.resource.empty()) s += " on " + f.resource;
  return truncated(std::move(s), 200);
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matcher with one backtrack point per '*': linear in practice, no recursion.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {  // a wildcard even against a '*' in the text
      star = p++;
      mark = t;
    } else if (p < pattern.size() && (pattern[p] == '?' || lower(pattern[p]) == lower(text[t]))) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

TemplateIndex::TemplateIndex(const std::vector<ControlTemplate>& templates) {
  for (const ControlTemplate& t : templates)
    for (const RequirementLink& l : t.links)
      if (l.coverage == Coverage::kFull)
        by_requirement_[lowered(l.framework + ":" + l.ref)].push_back(t.id);
}

const std::vector<std::string>& TemplateIndex::templates_for(std::string_view tag) const {
  auto it = by_requirement_.find(lowered(tag));
  return it == by_requirement_.end() ? kNone : it->second;
}

std::vector<RuleHit> map_finding(const RuleSet& rules, const TemplateIndex& index,
                                 std::string_view format, Finding& f) {
  const std::string rule_key = lowered(f.rule_id);
  for (const ReferenceTable& table : rules.tables) {
    if (!matches(table.match, format, f)) continue;
    auto it = table.tags_by_rule_id.find(rule_key);
    if (it == table.tags_by_rule_id.end()) continue;
    for (const std::string& tag : it->second) add_tag(f.tags, tag);
  }
  for (const TagTranslation& tr : rules.translations) {
    const std::size_t n = f.tags.size();  // translated tags are not translated again
    for (std::size_t i = 0; i < n; ++i) {
      auto it = tr.to.find(f.tags[i]);
      if (it == tr.to.end()) continue;
      for (const std::string& tag : it->second) add_tag(f.tags, tag);
    }
  }

  std::vector<RuleHit> hits;
  std::set<std::pair<const MappingRule*, std::string>> seen;
  auto hit = [&](const MappingRule& r, const std::string& tmpl, std::string via) {
    if (seen.emplace(&r, tmpl).second) hits.push_back({&r, tmpl, std::move(via)});
  };
  for (const MappingRule& r : rules.rules) {
    if (!matches(r.match, format, f)) continue;
    for (const std::string& t : r.templates) hit(r, t, "rule");
    if (r.requirements_from_tags.empty()) continue;
    const std::string prefix = lowered(r.requirements_from_tags) + ":";
    for (const std::string& tag : f.tags)
      if (tag.rfind(prefix, 0) == 0)
        for (const std::string& t : index.templates_for(tag)) hit(r, t, tag);
  }
  return hits;
}

CheckAggregator::CheckAggregator(const RuleSet& rules, std::string format)
    : rules_(rules), format_(std::move(format)) {}

CheckAggregator::Tally& CheckAggregator::tally(const Key& key) {
  auto [it, inserted] = tallies_.try_emplace(key);
  if (inserted) order_.push_back(key);
  return it->second;
}

void CheckAggregator::add(const RuleHit& hit, const Finding& f) {
  Tally& t = tally({hit.rule, hit.template_id, f.tool});
  if (f.observed_at && (!t.latest || *f.observed_at > *t.latest)) t.latest = f.observed_at;
  if (f.suppressed) {
    ++t.suppressed;
    return;
  }
  switch (f.status) {
    case FindingStatus::kPass:
      ++t.passed;
      break;
    case FindingStatus::kFail:
      if (t.failed++ == 0) t.first_failure = describe(f);
      break;
    case FindingStatus::kError:
      if (t.errors++ == 0) t.first_error = describe(f);
      break;
    case FindingStatus::kNotApplicable:
      ++t.not_applicable;
      break;
  }
}

void CheckAggregator::add_run(const RunFacts& run) {
  for (const MappingRule& r : rules_.rules) {
    if (!r.clean_run_passes || r.match.tool.empty()) continue;
    if (!glob_match(r.match.tool, run.tool)) continue;
    if (!r.match.format.empty() && !glob_match(r.match.format, format_)) continue;
    for (const std::string& tmpl : r.templates) {
      Tally& t = tally({&r, tmpl, run.tool});
      if (run.completed) ++t.clean_runs;
      if (run.at && (!t.latest || *run.at > *t.latest)) t.latest = run.at;
    }
  }
  if (run.completed) return;
  // The results of a run that did not complete are not the whole scan: none of its tool's checks
  // may pass on them (a failure still fails).
  for (auto& [key, t] : tallies_)
    if (std::get<2>(key) == run.tool && t.incomplete_runs++ == 0)
      t.first_error = run.error.empty() ? "the tool reports it did not complete" : run.error;
}

std::vector<CheckVerdict> CheckAggregator::verdicts() const {
  std::vector<CheckVerdict> out;
  for (const Key& key : order_) {
    const Tally& t = tallies_.at(key);
    CheckVerdict v{
        std::get<0>(key), std::get<1>(key), std::get<2>(key), CheckOutcome::kPass, "", t.latest,
        t.passed,         t.failed,         t.errors,         t.suppressed};
    const std::string counts =
        std::to_string(t.failed) + " failing, " + std::to_string(t.passed) + " passing" +
        (t.suppressed ? ", " + std::to_string(t.suppressed) + " suppressed" : std::string());
    if (t.failed > 0) {
      v.outcome = CheckOutcome::kFail;
      v.message = counts + " (first: " + t.first_failure + ")";
    } else if (t.errors > 0 || t.incomplete_runs > 0) {
      v.outcome = CheckOutcome::kError;
      v.message =
          (t.errors > 0 ? std::to_string(t.errors) + " errors (first: " + t.first_error + ")"
                        : "scan incomplete: " + t.first_error);
    } else if (t.passed > 0) {
      v.message = counts;
    } else if (t.clean_runs > 0) {
      v.message =
          "completed scan with no finding" +
          (t.suppressed ? " (" + std::to_string(t.suppressed) + " suppressed)" : std::string());
    } else {
      continue;  // only not-applicable or suppressed findings: no evidence either way
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace crosswalk::domain
