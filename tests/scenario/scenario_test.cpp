// Data-driven scenarios: each file in cases/ describes a small organization (controls adopted
// from the shipped library or written by hand, evidence, checks, SoA decisions) and, next to it,
// what a user should see: control states, requirement statuses, readiness and the gap list.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "domain/projection.h"
#include "domain/readiness.h"

namespace crosswalk {
namespace {

namespace d = domain;
using nlohmann::json;

d::Timestamp date(const json& j) {
  auto t = d::parse_datetime(j.get<std::string>());
  if (!t) throw std::runtime_error("bad date " + j.dump());
  return *t;
}

struct Scenario {
  std::string name;
  json doc;
};

std::vector<Scenario> load_scenarios() {
  std::vector<Scenario> out;
  for (const auto& e :
       std::filesystem::directory_iterator(CROSSWALK_SOURCE_DIR "/tests/scenario/cases"))
    if (e.path().extension() == ".json")
      out.push_back({e.path().stem().string(), json::parse(std::ifstream(e.path()))});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

const catalog::Catalog& shipped() {
  static const catalog::Catalog cat =
      catalog::load_catalog(catalog::embedded_catalog_files()).value();
  return cat;
}

d::Organization build(const json& doc, const catalog::Catalog& cat) {
  d::Organization org;
  const d::Timestamp now = date(doc.at("now"));
  auto add_template = [&](const std::string& id) {
    const auto* t = cat.find_template(id);
    if (!t) throw std::runtime_error("unknown template " + id);
    org.controls.push_back(
        {t->id, t->id, t->title, "", d::Implementation::kNotImplemented, t->links});
  };
  // 1. Adopt templates; 2. "operate_all": every adopted control implemented with one accepted,
  // valid evidence item; 3. per-control facts, which can override the implementation status.
  if (doc.value("adopt_all", false))
    for (const auto& t : cat.templates) add_template(t.id);
  for (const json& id : doc.value("adopt", json::array())) add_template(id.get<std::string>());
  if (doc.value("operate_all", false))
    for (std::size_t i = 0; i < org.controls.size(); ++i) {
      org.controls[i].implementation = d::Implementation::kImplemented;
      org.evidence.push_back({i, d::Review::kAccepted, now, std::nullopt});
    }
  for (const json& c : doc.value("controls", json::array())) {
    std::size_t index = org.controls.size();
    if (c.contains("template")) {
      const std::string id = c["template"];
      auto it = std::find_if(org.controls.begin(), org.controls.end(),
                             [&](const auto& x) { return x.id == id; });
      if (it == org.controls.end()) {
        add_template(id);
        org.controls.back().implementation = d::Implementation::kImplemented;
      } else {
        index = std::size_t(it - org.controls.begin());
      }
    } else {
      d::Control own{c.at("id"), "", c.value("title", ""), "", d::Implementation::kImplemented, {}};
      for (const json& l : c.at("links"))
        own.links.push_back(
            {l.at("framework"), l.at("ref"), *d::parse_coverage(l.value("coverage", "full"))});
      org.controls.push_back(own);
    }
    if (c.contains("implementation"))
      org.controls[index].implementation =
          *d::parse_implementation(c["implementation"].get<std::string>());
    for (const json& e : c.value("evidence", json::array())) {
      const d::Timestamp at = e.contains("collected") ? date(e["collected"]) : now;
      std::optional<d::Timestamp> until;
      if (e.contains("valid_days")) until = at + e["valid_days"].get<int>() * d::kSecondsPerDay;
      org.evidence.push_back({index, *d::parse_review(e.value("review", "accepted")), at, until});
    }
    for (const json& k : c.value("checks", json::array())) {
      org.checks.push_back(
          {k.at("name"), k.at("name"), index, k.value("freshness_days", 0) * d::kSecondsPerDay});
      for (const json& r : k.value("results", json::array()))
        org.check_results.push_back({org.checks.size() - 1,
                                     *d::parse_check_outcome(r.at("outcome").get<std::string>()),
                                     date(r.at("at"))});
    }
  }
  for (const json& x : doc.value("decisions", json::array()))
    org.decisions.push_back({x.at("framework"), x.at("ref"), x.value("excluded", false),
                             x.value("justification", ""), x.value("jointly_sufficient", false),
                             x.value("reasons", std::vector<std::string>{}),
                             x.value("reason_note", ""), x.value("review_by", "")});
  return org;
}

void expect_tally(const d::Tally& t, const json& want, const std::string& where) {
  for (const auto& [key, value] : want.items()) {
    const double got = key == "met"              ? t.met
                       : key == "partly_met"     ? t.partly_met
                       : key == "not_met"        ? t.not_met
                       : key == "not_applicable" ? t.not_applicable
                       : key == "applicable"     ? t.applicable()
                       : key == "percent"        ? t.percent()
                                                 : -1;
    EXPECT_NEAR(got, value.get<double>(), 0.05) << where << " " << key;
  }
}

void PrintTo(const Scenario& s, std::ostream* os) {
  *os << s.name;
}

class ScenarioTest : public ::testing::TestWithParam<Scenario> {};

TEST_P(ScenarioTest, MatchesExpectations) {
  const json& doc = GetParam().doc;
  const auto& cat = shipped();
  const d::Organization org = build(doc, cat);
  const d::Timestamp now = date(doc.at("now"));
  const d::Assessment a = d::assess(cat.frameworks, org, now);
  const json& expect = doc.at("expect");

  const json want_controls = expect.value("controls", json::object());
  const json want_requirements = expect.value("requirements", json::object());
  const json want_readiness = expect.value("readiness", json::object());
  const json want_gaps = expect.value("gaps", json::array());
  for (const auto& [id, state] : want_controls.items()) {
    auto it = std::find_if(org.controls.begin(), org.controls.end(),
                           [&](const auto& c) { return c.id == id; });
    ASSERT_NE(it, org.controls.end()) << id;
    const auto& st = a.controls[std::size_t(it - org.controls.begin())];
    EXPECT_EQ(d::to_string(st.state), state.get<std::string>()) << id << ": " << st.reason;
  }
  auto framework = [&](const std::string& id) -> const d::FrameworkAssessment& {
    for (const auto& f : a.frameworks)
      if (f.framework->id == id) return f;
    throw std::runtime_error("unknown framework " + id);
  };
  for (const auto& [fw, reqs] : want_requirements.items()) {
    const auto& f = framework(fw);
    for (const auto& [ref, status] : reqs.items()) {
      auto i = f.framework->index_of(ref);
      ASSERT_TRUE(i) << fw << " " << ref;
      EXPECT_EQ(d::to_string(f.requirements[*i].status), status.get<std::string>())
          << fw << " " << ref << ": " << f.requirements[*i].reason;
    }
  }
  for (const auto& [fw, want] : want_readiness.items()) expect_tally(framework(fw).total, want, fw);
  for (const json& g : want_gaps) {
    const auto* cw = cat.find_crosswalk(g.at("target"), g.at("source"));
    ASSERT_NE(cw, nullptr);
    const d::Projection p = d::project({&framework(g.at("target")), &framework(g.at("source")), cw,
                                        &cat.templates, g.value("assume_source_met", false)});
    expect_tally(p.tally, g.at("tally"), "gap");
    const json statuses = g.value("statuses", json::object());
    const json closed_by = g.value("closed_by", json::object());
    for (const auto& [ref, status] : statuses.items()) {
      auto it =
          std::find_if(p.items.begin(), p.items.end(), [&](const auto& x) { return x.ref == ref; });
      ASSERT_NE(it, p.items.end()) << ref;
      EXPECT_EQ(d::to_string(it->status), status.get<std::string>()) << ref << ": " << it->reason;
    }
    for (const auto& [ref, tpl] : closed_by.items()) {
      auto it =
          std::find_if(p.items.begin(), p.items.end(), [&](const auto& x) { return x.ref == ref; });
      ASSERT_NE(it, p.items.end()) << ref;
      EXPECT_NE(std::find(it->closing_templates.begin(), it->closing_templates.end(),
                          tpl.get<std::string>()),
                it->closing_templates.end())
          << ref << " should be closable by " << tpl;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ScenarioTest, ::testing::ValuesIn(load_scenarios()),
                         [](const auto& info) {
                           std::string n = info.param.name;
                           std::replace_if(
                               n.begin(), n.end(), [](char c) { return !std::isalnum(c); }, '_');
                           return n;
                         });

}  // namespace
}  // namespace crosswalk
