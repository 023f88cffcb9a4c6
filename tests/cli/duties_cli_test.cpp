// Documents, acknowledgements, courses and training records through `crosswalk person`,
// `document` and `course`: a small organization (tests/fixtures/people) whose duties on a given
// day must match small_org.expected.json; what an approved version allows and what a new version
// voids; bad records refused with the field and the reason, changing nothing; on SQLite and
// PostgreSQL.
#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace crosswalk {
namespace {

const std::string kPeople = std::string(CROSSWALK_SOURCE_DIR) + "/tests/fixtures/people/";
const std::string kNow = "CROSSWALK_NOW=2026-12-03T12:00:00Z";

class DutiesCli : public CliFixture {
 protected:
  void SetUp() override {
    CliFixture::SetUp();
    run_commands(kPeople + "small_org.commands", kNow);
  }
  Outcome refused(const std::string& args) { return CliFixture::refused(args, kNow); }
  static bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
  }
  static json states(const json& duties) {
    json out = json::object();
    for (const json& d : duties["duties"]) out[d["person"].get<std::string>()] = d["state"];
    return out;
  }
  json expected() {
    std::ifstream in(kPeople + "small_org.expected.json");
    return json::parse(in);
  }
};

TEST_F(DutiesCli, WhoOwesWhatMatchesTheExpectedFile) {
  const json want = expected();
  for (const auto& [id, doc] : want["documents"].items()) {
    const json got = ok("--json document status " + id, kNow).js();
    EXPECT_EQ(got["state"], doc["state"]) << id;
    EXPECT_EQ(got["next_review"], doc["next_review"]) << id;
    EXPECT_EQ(states(got["acknowledgement"]), doc["duties"]) << id;
  }
  for (const auto& [id, duties] : want["courses"].items())
    EXPECT_EQ(states(ok("--json course status " + id, kNow).js()["completion"]), duties) << id;

  const Outcome overdue = cw("--json person overdue", kNow);
  EXPECT_EQ(overdue.code, 1) << "overdue duties fail the check";
  const json got = overdue.js();
  ASSERT_EQ(got["overdue"].size(), want["overdue"].size()) << got.dump(2);
  for (std::size_t i = 0; i < got["overdue"].size(); ++i) {
    const json& g = got["overdue"][i];
    const json& w = want["overdue"][i];
    EXPECT_EQ(g["person"], w["person"]) << i;
    EXPECT_EQ(g.contains("document") ? g["document"] : g["course"], w["owes"]) << i;
    EXPECT_EQ(g["version"], w["version"]) << i;
    EXPECT_EQ(g["due_on"], w["due_on"]) << i;
  }
  EXPECT_EQ(got["due"], want["due"]);
  EXPECT_EQ(got["done"], want["done"]);
  EXPECT_EQ(got["documents_review_due"], json({"DOC-1"}));
  // The acknowledgement's version was filled in from the approved document.
  EXPECT_EQ(ok("--json document ack show ACK-1", kNow).js()["fields"]["version"], "1.0");
}

TEST_F(DutiesCli, ANewVersionNeedsApprovalAndNewAcknowledgements) {
  // An approved version is fixed: changing what it says needs a new version.
  EXPECT_TRUE(has(refused("document edit DOC-1 --summary 'Now also covers contractors'").err,
                  "field summary: version 1.0 was approved as it is: a changed document gets a "
                  "new version"));
  // Reviewing without a change keeps the approval and moves the next review.
  ok("document edit DOC-1 --reviewed-on 2026-12-02", kNow);
  EXPECT_EQ(ok("--json document status DOC-1", kNow).js()["next_review"], "2027-12-02");

  const Outcome bumped =
      ok("document edit DOC-1 --version 1.1 --summary 'Now also covers contractors' "
         "--change-note 'Contractors in scope'",
         kNow);
  EXPECT_TRUE(has(bumped.err,
                  "version 1.1 is new: it needs approval, and acknowledgements of "
                  "version 1.0 do not count for it"))
      << bumped.err;
  json status = ok("--json document status DOC-1", kNow).js();
  EXPECT_EQ(status["state"], "draft");
  EXPECT_EQ(status["acknowledgement"]["people"], 0) << "nothing to acknowledge in a draft";
  EXPECT_TRUE(has(refused("document ack add --document DOC-1 --person PERSON-2 "
                          "--acknowledged-on 2026-12-03")
                      .err,
                  "field document: DOC-1 has no approved version to acknowledge (version 1.1 "
                  "awaits approval)"));

  ok("document edit DOC-1 --approved-by CEO --approved-on 2026-12-03", kNow);
  status = ok("--json document status DOC-1", kNow).js();
  EXPECT_EQ(status["state"], "approved");
  EXPECT_EQ(status["approved_versions"].size(), 2u);
  EXPECT_EQ(status["approved_versions"][0]["version"], "1.1");
  EXPECT_EQ(status["approved_versions"][0]["change_note"], "Contractors in scope");
  EXPECT_EQ(status["approved_versions"][1]["version"], "1.0");
  // Ana acknowledged 1.0, which does not count for 1.1.
  EXPECT_EQ(states(status["acknowledgement"]),
            json({{"PERSON-1", "due"}, {"PERSON-2", "due"}, {"PERSON-3", "due"}}));
  EXPECT_TRUE(has(refused("document ack add --document DOC-1 --version 1.0 --person PERSON-1 "
                          "--acknowledged-on 2026-12-03")
                      .err,
                  "field version: version 1.0 is not DOC-1's approved version (1.1)"));
  ok("document ack add --document DOC-1 --person PERSON-1 --acknowledged-on 2026-12-03", kNow);
  EXPECT_EQ(states(ok("--json document status DOC-1", kNow).js()["acknowledgement"])["PERSON-1"],
            "done");
  ok("journal verify");
}

TEST_F(DutiesCli, BadRecordsAreRefusedAndChangeNothing) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"document ack add --document DOC-3 --person PERSON-1 --acknowledged-on 2026-12-01",
       "field document: DOC-3 has no approved version to acknowledge"},
      {"document ack add --document DOC-2 --person PERSON-1 --acknowledged-on 2026-10-30",
       "field acknowledged_on: 2026-10-30 is before version 2.0 was approved (2026-11-01)"},
      {"document ack add --document DOC-1 --person PERSON-1 --acknowledged-on 2026-12-01",
       "field person: PERSON-1 already acknowledged DOC-1 version 1.0 on 2025-11-05 (ACK-1)"},
      {"document ack add --document DOC-2 --person PERSON-1 --acknowledged-on 2026-12-09",
       "field acknowledged_on: 2026-12-09 is in the future"},
      {"document ack add --document DOC-2 --person PERSON-9 --acknowledged-on 2026-12-01",
       "field person: no person 'PERSON-9'"},
      {"document add --title X --type policy --version 1 --owner Y --review-every-months 12 "
       "--approved-by CEO",
       "field approved_on: an approval names the person and the date"},
      {"document add --title X --type policy --version 1 --owner Y --review-every-months 0",
       "field review_every_months: 0 is outside 1-60"},
      {"document edit DOC-1 --retired-on 2025-10-01",
       "field retired_on: 2025-10-01 is before the approval 2025-11-01"},
      {"person add --name Ed --job-roles engineer --started-on 2026-05-01 --left-on 2026-04-01",
       "field left_on: 2026-04-01 is before the start 2026-05-01"},
      {"course record add --course COURSE-2 --person PERSON-2 --completed-on 2026-11-15",
       "field person: PERSON-2 already completed COURSE-2 version 1 on 2026-11-15 (TRAIN-3)"},
      {"course record add --course COURSE-9 --person PERSON-2 --completed-on 2026-11-15",
       "field course: no course 'COURSE-9'"},
      {"course add --title X --topic privacy --version 1 --version-date 2026-01-01 "
       "--required-for everyone --owner Y --retired-on 2025-12-01",
       "field retired_on: 2025-12-01 is before the version's date 2026-01-01"},
  };
  for (const auto& [args, message] : cases) {
    const Outcome r = refused(args);
    EXPECT_TRUE(has(r.err, message)) << args << "\n" << r.err;
  }
}

TEST_F(DutiesCli, ACourseRepeatedOnACycleIsTakenAgain) {
  // Ana's last completion (2025-11-20) ran out after 12 months; a new one the same year counts.
  ok("course record add --course COURSE-1 --person PERSON-1 --completed-on 2026-12-01", kNow);
  const json status = ok("--json course status COURSE-1", kNow).js();
  EXPECT_EQ(states(status["completion"])["PERSON-1"], "done");
  for (const json& d : status["completion"]["duties"])
    if (d["person"] == "PERSON-1") {
      EXPECT_EQ(d["due_on"], "2027-12-01") << "due again a year on";
    }
  EXPECT_EQ(status["training_records"].size(), 3u);
  // A person who left owes nothing.
  EXPECT_FALSE(states(status["completion"]).contains("PERSON-4"));
}

}  // namespace
}  // namespace crosswalk
