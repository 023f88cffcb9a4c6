// Measurements over CSV files as users write them: the happy paths, and every kind of bad input
// with the message that names the column and row.
#include "measure/table_measures.h"

#include <gtest/gtest.h>

#include <fstream>

#include "common/sha256.h"
#include "measure/duplicate_rows.h"
#include "temp_dir.h"

namespace crosswalk::measure {
namespace {

using crosswalk::testing::TempDir;

class TableMeasures : public ::testing::Test {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  QualityOptions quality_options() {
    QualityOptions o;
    o.temp_dir = dir_.path();
    return o;
  }
  static domain::FairnessPolicy small_groups() {
    domain::FairnessPolicy p;
    p.min_group_rows = 1;
    return p;
  }
  Result<FairnessMeasurement> fairness(const std::string& csv, PredictionLogColumns columns = {}) {
    if (columns.label.empty()) {
      columns.prediction = "prediction";
      columns.label = "label";
      columns.sensitive = {"group"};
    }
    return measure_fairness(write("log.csv", csv), columns, small_groups(), quality_options(),
                            domain::QualityPolicy{});
  }
  std::string error_of(const std::string& csv, PredictionLogColumns columns = {}) {
    auto r = fairness(csv, std::move(columns));
    EXPECT_FALSE(r.ok()) << "accepted:\n" << csv;
    return r.ok() ? "" : r.status().message();
  }
  TempDir dir_;
};

// The 18 rows of Fairlearn's user guide example, written as a prediction log.
std::string fairlearn_guide_csv() {
  const int y_true[] = {0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1};
  const int y_pred[] = {0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0};
  const char* sf = "bbabbcccaacabccbcc";
  std::string csv = "id,label,prediction,group\r\n";  // CRLF, as spreadsheets save it
  for (int i = 0; i < 18; ++i)
    csv += std::to_string(i) + "," + std::to_string(y_true[i]) + "," + std::to_string(y_pred[i]) +
           "," + sf[i] + "\r\n";
  return csv;
}

TEST_F(TableMeasures, APredictionLogGivesFairlearnsNumbersAndItsOwnQuality) {
  const std::string csv = fairlearn_guide_csv();
  auto m = fairness(csv);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->input.rows, 18u);
  EXPECT_EQ(m->input.bytes, csv.size());
  EXPECT_EQ(m->input.sha256, sha256_hex(csv));
  EXPECT_EQ(m->positive, "1");
  const auto& dpd = m->fairness.views[0].disparities[0];
  EXPECT_EQ(dpd.metric, "demographic_parity_difference");
  EXPECT_DOUBLE_EQ(*dpd.value, 0.25);
  EXPECT_EQ(m->quality.columns.size(), 4u);
  EXPECT_EQ(m->quality.columns[0].name(), "id");
  EXPECT_EQ(m->quality.columns[3].distinct(), 3u);
  EXPECT_EQ(m->quality.report.duplicate_rows, 0u);  // the id makes every row unique
  EXPECT_EQ(m->quality.report.verdict, domain::Verdict::kPass);
}

TEST_F(TableMeasures, QuotedFieldsBomAndOtherEncodingsAreRead) {
  auto m = fairness(
      "\xEF\xBB\xBFlabel,prediction,group,note\n"
      "yes,yes,\"a, with comma\",\"said \"\"hi\"\"\"\n"
      "no,yes,\"a, with comma\",\"two\nlines\"\n"
      "Yes,No,b,\n"
      "no,no,b,x\n");
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->positive, "yes");
  const auto& view = m->fairness.views[0];
  ASSERT_EQ(view.groups.size(), 2u);
  EXPECT_EQ(view.groups[0].label, "group=a, with comma");
  EXPECT_DOUBLE_EQ(*view.groups[0].rates.selection.value(), 1.0);
  EXPECT_DOUBLE_EQ(*view.groups[1].rates.selection.value(), 0.0);
  EXPECT_EQ(m->quality.columns[3].missing(), 1u);
}

TEST_F(TableMeasures, ANamedPositiveValueAndAScoreThreshold) {
  const std::string csv =
      "outcome,score,sex\n"
      "hired,0.9,F\n"
      "rejected,0.2,F\n"
      "hired,0.6,M\n"
      "hired,0.4,M\n";
  PredictionLogColumns c;
  c.label = "outcome";
  c.positive = "hired";
  c.score = "score";
  c.score_threshold = 0.5;
  c.sensitive = {"sex"};
  auto m = fairness(csv, c);
  ASSERT_TRUE(m.ok()) << m.status().message();
  EXPECT_EQ(m->positive, "hired");
  // F: predicted 0.9 → 1, 0.2 → 0; M: 0.6 → 1, 0.4 → 0 (a false negative).
  EXPECT_DOUBLE_EQ(*m->fairness.views[0].groups[1].rates.tpr.value(), 0.5);
}

TEST_F(TableMeasures, AMissingSensitiveValueIsItsOwnGroup) {
  auto m = fairness("label,prediction,group\n1,1,a\n0,1,\n1,0,NA\n0,0,a\n");
  ASSERT_TRUE(m.ok()) << m.status().message();
  ASSERT_EQ(m->fairness.views[0].groups.size(), 2u);
  EXPECT_EQ(m->fairness.views[0].groups[0].label, "group=<missing>");
  EXPECT_EQ(m->fairness.views[0].groups[0].counts.rows, 2u);
}

TEST_F(TableMeasures, BadInputNamesTheColumnAndTheRow) {
  struct Case {
    std::string csv, expected;
  } cases[] = {
      {"", "the file is empty: no header row"},
      {"label,prediction,group\n", "the prediction log has no rows"},
      {"label,prediction\n1,1\n",
       "the sensitive column 'group' is not in the header (columns: "
       "label, prediction)"},
      {"label,prediction,group\n1,1,a\n0,1,a\n", "column 'group' has a single group ('a')"},
      {"label,prediction,group\n1,1,a\n0,2,b\n",
       "column 'prediction', row 3: '2' is not a binary value"},
      {"label,prediction,group\n1,1,a\n0,0,b\n-1,1,b\n",
       "column 'label', row 4: '-1' mixes label encodings with '0' (row 3)"},
      {"label,prediction,group\n1,true,a\n0,0,b\n",
       "column 'label', row 2: '1' mixes label encodings with 'true' (row 2)"},
      {"label,prediction,group\n1,,a\n", "column 'prediction', row 2: empty"},
      {"label,prediction,group\n1,1,a\n1,1\n", "row 3: 2 fields, the header has 3"},
      {"label,prediction,group\n1,1,\"a\n", "the file ends inside a quoted field (row 2)"},
      {"label,prediction,group\n1,1,a\"b\"\n", "malformed CSV quoting at byte"},
      {"label,label,group\n", "row 1: column name 'label' appears twice"},
      {"\xFF\xFEl\0a\0", "the file is UTF-16"},
      {"label,prediction,group\n1,1,a\n0,0,M\xFCller\n",  // Latin-1, as old exports write it
       "row 3, column 'group': not valid UTF-8"},
      {"label,prediction,gr\xE9\n1,1,a\n", "row 1, column 3: not valid UTF-8"},
  };
  for (const Case& c : cases) {
    std::string message = error_of(c.csv);
    EXPECT_NE(message.find(c.expected), std::string::npos) << "for:\n"
                                                           << c.csv << "\ngot: " << message;
    EXPECT_EQ(message.rfind(dir_ / "log.csv", 0), 0u) << "names the file: " << message;
  }
}

TEST_F(TableMeasures, BadScoresWeightsAndPositiveValues) {
  PredictionLogColumns c;
  c.prediction = "prediction";
  c.label = "label";
  c.sensitive = {"group"};
  c.score = "score";
  c.weight = "w";
  const std::string header = "label,prediction,group,score,w\n";
  EXPECT_NE(error_of(header + "1,1,a,0.5,1\n0,0,b,high,1\n", c)
                .find("column 'score', row 3: 'high' is not a number"),
            std::string::npos);
  EXPECT_NE(error_of(header + "1,1,a,0.5,-2\n", c).find("column 'w', row 2: '-2' is not a weight"),
            std::string::npos);
  c.positive = "approved";
  EXPECT_NE(error_of(header + "denied,denied,a,0.5,1\ndenied,denied,b,0.5,1\n", c)
                .find("the positive value 'approved' occurs in neither column"),
            std::string::npos);
  EXPECT_NE(error_of(header + "approved,approved,a,0.5,1\nno,maybe,b,0.5,1\nno,never,b,0.5,1\n", c)
                .find("column 'prediction', row 4: a third value 'never'"),
            std::string::npos);
}

TEST_F(TableMeasures, QualityCountsMissingDuplicatesAndOutOfRange) {
  QualityOptions o = quality_options();
  o.ranges["age"] = {18, 100};
  const std::string path = write("people.csv",
                                 "name,age,city\n"
                                 "ann,34,Oslo\n"
                                 "bob,17,\n"
                                 "ann,34,Oslo\n"
                                 ",,\n"
                                 "cy,n/a,Rome\n"
                                 "dee,101,Rome\n");
  auto q = measure_quality(path, o, domain::QualityPolicy{});
  ASSERT_TRUE(q.ok()) << q.status().message();
  const auto& r = q->quality.report;
  EXPECT_EQ(r.rows, 6u);
  EXPECT_EQ(r.duplicate_rows, 1u);
  EXPECT_EQ(r.empty_rows, 1u);
  const auto& age = q->quality.columns[1];
  EXPECT_EQ(age.missing(), 1u);
  EXPECT_EQ(age.out_of_range(), 2u);
  EXPECT_EQ(age.first_out_of_range_row(), 3u);
  EXPECT_EQ(age.non_numeric(), 1u);  // "n/a" is not a default missing marker
  EXPECT_EQ(age.first_non_numeric_row(), 6u);
  EXPECT_DOUBLE_EQ(*age.min(), 17);
  EXPECT_DOUBLE_EQ(*age.max(), 101);
  EXPECT_DOUBLE_EQ(*age.mean(), (34 + 17 + 34 + 101) / 4.0);
  EXPECT_EQ(r.verdict, domain::Verdict::kFail);
  // duplicates 1/6, age out of range, non-numeric age, missing city 2/6, name 1/6, age 1/6.
  EXPECT_EQ(r.findings.size(), 6u);
  EXPECT_EQ(q->quality.columns[2].top_value()->first, "Oslo");

  o.extra_missing_markers = {"n/a"};
  auto marked = measure_quality(path, o, domain::QualityPolicy{});
  ASSERT_TRUE(marked.ok());
  EXPECT_EQ(marked->quality.columns[1].missing(), 2u);
  EXPECT_EQ(marked->quality.columns[1].non_numeric(), 0u);

  o.ranges["height"] = {0, 3};
  auto unknown = measure_quality(path, o, domain::QualityPolicy{});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("the range column 'height' is not in the header"),
            std::string::npos);
}

TEST(DuplicateRows, SpilledBlocksCountTheSameAsMemory) {
  TempDir dir;
  DuplicateRows memory(dir.path()), spilled(dir.path(), 3);
  for (std::uint64_t i = 0; i < 5000; ++i) {
    // 5000 rows over 613 distinct hashes, spread over every bucket by their top byte.
    const std::uint64_t v = ((i * 7919) % 613) * 0x9E3779B97F4A7C15ULL;
    ASSERT_TRUE(memory.add(v).ok());
    ASSERT_TRUE(spilled.add(v).ok());
  }
  EXPECT_EQ(memory.spilled_blocks(), 0u);
  EXPECT_GT(spilled.spilled_blocks(), 1000u);
  EXPECT_EQ(memory.finish().value(), 5000u - 613u);
  EXPECT_EQ(spilled.finish().value(), 5000u - 613u);
  // The scratch file is gone afterwards.
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

}  // namespace
}  // namespace crosswalk::measure
