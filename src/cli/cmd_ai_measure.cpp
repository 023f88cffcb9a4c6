// `crosswalk ai measure fairness|quality|drift`: measurements of an AI system from CSV files,
// printed, and with --record kept as signed evidence on the controls they prove.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/context.h"
#include "cli/table.h"
#include "measure/report_json.h"
#include "service/measurement_runs.h"
#include "service/measurements.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;
namespace m = crosswalk::measure;
using nlohmann::ordered_json;

namespace {

// The data-quality options shared by `fairness` (the log's quality) and `quality`.
struct QualityArgs {
  std::vector<std::string> ranges, missing;
  bool no_duplicates = false;
};

void add_quality_options(CLI::App* cmd, QualityArgs& q) {
  cmd->add_option("--range", q.ranges, "Declared range of a column, COLUMN=MIN:MAX (repeatable)");
  cmd->add_option("--missing", q.missing, "Another spelling of a missing value (repeatable)");
  cmd->add_flag("--no-duplicates", q.no_duplicates, "Do not count duplicate rows");
}

Result<m::QualityOptions> quality_options_of(const QualityArgs& q) {
  m::QualityOptions o;
  o.extra_missing_markers = q.missing;
  o.duplicates = !q.no_duplicates;
  for (const std::string& r : q.ranges) CW_RETURN_IF_ERROR(service::parse_range("--range", r, o));
  return o;
}

std::string fmt(std::optional<double> v) {
  if (!v) return "undefined";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", *v);
  return buf;
}

std::string rate_cell(const d::Rate& r) {
  return r.value() ? fmt(r.value()) : "— (" + r.undefined_reason + ")";
}

// The options shared by the three commands: where the result goes.
struct RecordArgs {
  bool record = false;
  std::string subject;
  std::vector<std::string> controls;
  int freshness_days = 30;
  int evidence_valid_days = 0;
};

void add_record_options(CLI::App* cmd, RecordArgs& r) {
  cmd->add_flag("--record", r.record,
                "Keep the result as signed evidence and check results of the controls it proves");
  cmd->add_option("--subject", r.subject,
                  "What was measured (AI system and version); required with --record");
  cmd->add_option("--control", r.controls, "Another control it proves (repeatable)");
  cmd->add_option("--freshness-days", r.freshness_days,
                  "Days before the check result goes stale (default 30; 0: never)");
  cmd->add_option("--valid-days", r.evidence_valid_days,
                  "Days the evidence stays valid (default: no expiry)");
}

// The limits of the AI system named by --subject (none without one, or when a run that records
// nothing finds no data directory).
Result<service::SubjectLimits> limits_of_subject(Context& ctx, const RecordArgs& r) {
  if (r.subject.empty()) return service::SubjectLimits{};
  auto ws = ctx.open();
  if (!ws.ok())
    return r.record ? Result<service::SubjectLimits>(ws.status()) : service::SubjectLimits{};
  return service::subject_limits(*ws.value(), r.subject);
}

// Records (with --record), prints, and sets the exit code: 1 unless every check passed.
void finish(Context& ctx, const RecordArgs& r, service::MeasurementRequest request,
            const std::function<void()>& print_human) {
  ordered_json out = request.document;
  if (r.record) {
    if (r.subject.empty())
      return void(ctx.fail(Status::InvalidInput("--record needs --subject: what was measured")));
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    request.subject = r.subject;
    request.controls = r.controls;
    request.freshness_days = r.freshness_days;
    request.evidence_valid_days = r.evidence_valid_days;
    auto recorded = service::record_measurement(*ws.value(), request, ctx.actor());
    if (!recorded.ok()) return void(ctx.fail(recorded.status()));
    ordered_json checks = ordered_json::array();
    for (const auto& c : recorded->checks)
      checks.push_back({{"control", c.control_id},
                        {"check", c.check_id},
                        {"outcome", std::string(d::to_string(c.outcome))},
                        {"message", c.message}});
    out["recorded"] = {{"measurement", recorded->record.id},
                       {"evidence", recorded->record.evidence_id},
                       {"signing_key", recorded->record.signing_key},
                       {"checks", checks}};
    if (!ctx.json) {
      print_human();
      std::cout << "\nRecorded as " << recorded->record.id << " (evidence "
                << recorded->record.evidence_id << ", signed with " << recorded->record.signing_key
                << ")";
      if (recorded->checks.empty())
        std::cout << "; no check result: none of your controls uses templates "
                  << "AI-11, AI-17, AI-19 or AI-23, and no --control was named\n";
      else
        std::cout << "\n";
      std::vector<std::vector<std::string>> rows{{"CONTROL", "OUTCOME", "CHECK"}};
      for (const auto& c : recorded->checks)
        rows.push_back({c.control_id, std::string(d::to_string(c.outcome)), c.name});
      if (!recorded->checks.empty()) print_table(rows);
    }
  } else if (!ctx.json) {
    print_human();
  }
  if (ctx.json) ctx.print_json(out);
  for (const auto& c : request.checks)
    if (c.verdict != d::Verdict::kPass) ctx.exit_code = kExitCheckFailed;
}

void print_findings(const std::string& title, d::Verdict verdict,
                    const std::vector<std::string>& findings) {
  std::cout << title << ": " << d::to_string(verdict) << "\n";
  for (const std::string& f : findings) std::cout << "  - " << f << "\n";
}

void print_quality(const m::TableQuality& q) {
  std::vector<std::vector<std::string>> rows{
      {"COLUMN", "MISSING", "DISTINCT", "MIN", "MAX", "MEAN", "OUT OF RANGE"}};
  for (const auto& c : q.columns)
    rows.push_back({c.name(), std::to_string(c.missing()),
                    std::to_string(c.distinct()) + (c.distinct_capped() ? "+" : ""),
                    c.numeric() ? fmt(c.min()) : "", c.numeric() ? fmt(c.max()) : "",
                    c.numeric() ? fmt(c.mean()) : "",
                    c.range() ? std::to_string(c.out_of_range()) : ""});
  print_table(rows);
  std::cout << q.report.rows << " rows, " << q.report.duplicate_rows << " duplicate, "
            << q.report.empty_rows << " empty\n";
  print_findings("Data quality", q.report.verdict, q.report.findings);
}

void print_fairness(const m::FairnessMeasurement& fm) {
  std::cout << fm.input.path << ": " << fm.input.rows << " rows, sha256 "
            << fm.input.sha256.substr(0, 12) << "…, positive '" << fm.positive << "'\n";
  for (const d::FairnessView& v : fm.fairness.views) {
    std::string title;
    for (const auto& a : v.attributes) title += (title.empty() ? "" : " × ") + a;
    std::cout << "\n" << title << "\n";
    std::vector<std::vector<std::string>> rows{
        {"GROUP", "ROWS", "SELECTION", "TPR", "FPR", "PRECISION", "DISPARATE IMPACT"}};
    for (const d::GroupResult& g : v.groups)
      rows.push_back({g.label + (g.insufficient_sample ? " (too few rows)" : "") +
                          (g.is_reference ? " (reference)" : ""),
                      std::to_string(g.counts.rows), rate_cell(g.rates.selection),
                      rate_cell(g.rates.tpr), rate_cell(g.rates.fpr), rate_cell(g.rates.precision),
                      g.disparate_impact ? rate_cell(*g.disparate_impact) : ""});
    print_table(rows);
    std::vector<std::vector<std::string>> drows{{"METRIC", "VALUE", "LIMIT", "VERDICT"}};
    for (const d::Disparity& x : v.disparities)
      drows.push_back({x.metric, x.value ? fmt(x.value) : "undefined: " + x.undefined_reason,
                       x.limit ? std::string(x.limit_is_max ? "≤ " : "≥ ") + fmt(x.limit) : "",
                       x.verdict ? std::string(d::to_string(*x.verdict)) : ""});
    print_table(drows);
  }
  std::cout << "\n";
  print_findings("Fairness", fm.fairness.verdict, fm.fairness.findings);
  std::cout << "\n";
  print_quality(fm.quality);
}

void fairness_command(CLI::App& parent, Context& ctx) {
  struct Args {
    std::string file, sensitive_csv, favourable = "positive", positive;
    m::PredictionLogColumns columns;
    double threshold = 0;
    std::vector<std::string> references;
    std::uint64_t min_group = 30;
    bool fairlearn = false;
    QualityArgs quality;
    std::string max_dpd, min_dpr, max_eod, min_eor, max_eop, min_di;
    RecordArgs record;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand(
      "fairness",
      "Group fairness of a prediction log (CSV): per-group rates and their disparities, plus the "
      "log's data quality. Exit 1 unless everything is within its limits");
  cmd->add_option("file", a->file, "The prediction log (CSV with a header row)")->required();
  cmd->add_option("--label", a->columns.label, "The true outcome's column")->required();
  cmd->add_option("--prediction", a->columns.prediction, "The predicted outcome's column");
  cmd->add_option("--score", a->columns.score, "The score's column (checked to be numeric)");
  auto* threshold = cmd->add_option("--threshold", a->threshold,
                                    "Predict positive when score >= this (without --prediction)");
  cmd->add_option("--sensitive", a->columns.sensitive,
                  "A sensitive attribute's column (repeatable; several are also intersected)")
      ->required()
      ->delimiter(',');
  cmd->add_option("--weight", a->columns.weight, "A sample weight's column");
  cmd->add_option("--positive", a->positive,
                  "The value meaning positive (default: 1, true or yes of 0/1, -1/1, true/false, "
                  "yes/no)");
  cmd->add_option("--favourable", a->favourable,
                  "Which prediction is the favourable outcome: positive (default) or negative");
  cmd->add_option("--reference", a->references,
                  "Reference group of disparate impact, ATTRIBUTE=VALUE (default: the group with "
                  "the highest favourable rate)");
  cmd->add_option("--min-group-size", a->min_group,
                  "Groups with fewer rows are shown but not judged (default 30)");
  cmd->add_option("--max-dp-difference", a->max_dpd, "Limit (default 0.1; none to disable)");
  cmd->add_option("--min-dp-ratio", a->min_dpr, "Limit (default none)");
  cmd->add_option("--max-eo-difference", a->max_eod, "Limit (default 0.1; none to disable)");
  cmd->add_option("--min-eo-ratio", a->min_eor, "Limit (default none)");
  cmd->add_option("--max-eop-difference", a->max_eop, "Limit (default none)");
  cmd->add_option("--min-disparate-impact", a->min_di,
                  "Limit (default 0.8, the four-fifths screen; none to disable)");
  cmd->add_flag("--fairlearn-compatible", a->fairlearn,
                "Count undefined rates as 0, as fairlearn does (to cross-check with it)");
  add_quality_options(cmd, a->quality);
  add_record_options(cmd, a->record);
  cmd->callback([&ctx, a, threshold] {
    d::FairnessPolicy policy;
    auto limits = limits_of_subject(ctx, a->record);
    if (!limits.ok()) return void(ctx.fail(limits.status()));
    service::apply_limits(limits.value(), policy);
    policy.min_group_rows = a->min_group;
    policy.zero_for_undefined = a->fairlearn;
    if (a->favourable != "positive" && a->favourable != "negative")
      return void(ctx.fail(Status::InvalidInput("--favourable: positive or negative")));
    policy.favourable_is_positive = a->favourable == "positive";
    for (const std::string& r : a->references) {
      Status s = service::parse_reference("--reference", r, policy);
      if (!s.ok()) return void(ctx.fail(s));
    }
    for (auto [option, text, limit] :
         {std::tuple{"--max-dp-difference", &a->max_dpd, &policy.max_demographic_parity_difference},
          std::tuple{"--min-dp-ratio", &a->min_dpr, &policy.min_demographic_parity_ratio},
          std::tuple{"--max-eo-difference", &a->max_eod, &policy.max_equalized_odds_difference},
          std::tuple{"--min-eo-ratio", &a->min_eor, &policy.min_equalized_odds_ratio},
          std::tuple{"--max-eop-difference", &a->max_eop, &policy.max_equal_opportunity_difference},
          std::tuple{"--min-disparate-impact", &a->min_di, &policy.min_disparate_impact_ratio}}) {
      Status s = service::parse_limit(option, *text, *limit);
      if (!s.ok()) return void(ctx.fail(s));
    }
    m::PredictionLogColumns columns = a->columns;
    if (threshold->count()) columns.score_threshold = a->threshold;
    if (!a->positive.empty()) columns.positive = a->positive;
    auto qo = quality_options_of(a->quality);
    if (!qo.ok()) return void(ctx.fail(qo.status()));
    d::QualityPolicy qp;
    auto run = service::run_fairness({a->file, a->file}, {columns, policy, qo.value(), qp});
    if (!run.ok()) return void(ctx.fail(run.status()));
    finish(ctx, a->record, std::move(run->request), [&] { print_fairness(run->result); });
  });
}

void quality_command(CLI::App& parent, Context& ctx) {
  struct Args {
    std::string file;
    QualityArgs quality;
    double max_missing = 0.05, max_duplicates = 0.01;
    RecordArgs record;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand(
      "quality",
      "Data quality of a dataset (CSV): missing values, duplicates, values out of their declared "
      "range, numeric summaries. Exit 1 unless within the limits");
  cmd->add_option("file", a->file, "The dataset (CSV with a header row)")->required();
  add_quality_options(cmd, a->quality);
  cmd->add_option("--max-missing-rate", a->max_missing,
                  "Largest share of missing cells per column (default 0.05)");
  cmd->add_option("--max-duplicate-rate", a->max_duplicates,
                  "Largest share of duplicate rows (default 0.01)");
  add_record_options(cmd, a->record);
  cmd->callback([&ctx, a] {
    auto qo = quality_options_of(a->quality);
    if (!qo.ok()) return void(ctx.fail(qo.status()));
    d::QualityPolicy qp;
    qp.max_missing_rate = a->max_missing;
    qp.max_duplicate_rate = a->max_duplicates;
    auto run = service::run_quality({a->file, a->file}, {qo.value(), qp});
    if (!run.ok()) return void(ctx.fail(run.status()));
    const m::QualityMeasurement& q = run->result;
    finish(ctx, a->record, std::move(run->request), [&] {
      std::cout << q.input.path << ": " << q.input.rows << " rows, sha256 "
                << q.input.sha256.substr(0, 12) << "…\n";
      print_quality(q.quality);
    });
  });
}

void drift_command(CLI::App& parent, Context& ctx) {
  struct Args {
    std::string reference, current;
    m::DriftSpec spec;
    d::DriftOptions options;
    d::DriftThresholds thresholds;
    double ks_p = 0, ks_d = 0;
    RecordArgs record;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = parent.add_subcommand(
      "drift",
      "Drift between a reference dataset and a current one (CSV), column by column: PSI, "
      "Jensen-Shannon, Kolmogorov-Smirnov. Exit 1 on major drift or too many drifted columns");
  cmd->add_option("reference", a->reference, "The reference dataset (e.g. training)")->required();
  cmd->add_option("current", a->current, "The current dataset (e.g. last week's inputs)")
      ->required();
  cmd->add_option("--columns", a->spec.columns, "Columns to compare (default: all shared)")
      ->delimiter(',');
  cmd->add_option("--categorical", a->spec.categorical,
                  "Columns to read as categories even if numeric")
      ->delimiter(',');
  cmd->add_option("--missing", a->spec.extra_missing_markers,
                  "Another spelling of a missing value (repeatable)");
  cmd->add_option("--bins", a->options.bins, "Reference-quantile bins (default 10)");
  cmd->add_option("--epsilon", a->options.epsilon,
                  "Proportion an empty bin counts as in PSI (default 0.0001)");
  cmd->add_option("--psi-moderate", a->thresholds.psi_moderate, "Default 0.1");
  cmd->add_option("--psi-major", a->thresholds.psi_major, "Default 0.25");
  cmd->add_option("--js", a->thresholds.js, "Jensen-Shannon distance (base 2) limit, default 0.1");
  auto* ks_p = cmd->add_option("--ks-p", a->ks_p, "Drift when the KS p-value is at most this");
  auto* ks_d = cmd->add_option("--ks-d", a->ks_d, "Drift when the KS statistic is at least this");
  auto* psi_major = cmd->get_option("--psi-major");
  cmd->add_option("--drift-share", a->spec.drift_share,
                  "Share of drifted columns that fails the dataset (default 0.5)");
  add_record_options(cmd, a->record);
  cmd->callback([&ctx, a, ks_p, ks_d, psi_major] {
    auto limits = limits_of_subject(ctx, a->record);
    if (!limits.ok()) return void(ctx.fail(limits.status()));
    if (!psi_major->count()) service::apply_limits(limits.value(), a->thresholds);
    if (ks_p->count()) a->thresholds.ks_p = a->ks_p;
    if (ks_d->count()) a->thresholds.ks_d = a->ks_d;
    auto run = service::run_drift({a->reference, a->reference}, {a->current, a->current},
                                  {a->spec, a->options, a->thresholds});
    if (!run.ok()) return void(ctx.fail(run.status()));
    const m::DatasetDrift& drift = run->result;
    finish(ctx, a->record, std::move(run->request), [&] {
      std::vector<std::vector<std::string>> rows{
          {"COLUMN", "TYPE", "PSI", "JS", "KS D", "KS p", "DRIFT"}};
      for (const m::ColumnDrift& c : drift.columns) {
        if (!c.verdict) {
          rows.push_back({c.column, "—", "", "", "", "", "not compared: " + c.skipped_reason});
          continue;
        }
        const auto& n = c.numbers;
        rows.push_back(
            {c.column, c.numeric ? "numeric" : "categorical", fmt(n ? n->psi : c.categories->psi),
             fmt(n ? n->js_distance : c.categories->js_distance), n ? fmt(n->ks_statistic) : "",
             n ? fmt(n->ks_p_value) : "", std::string(d::to_string(c.verdict->level))});
      }
      print_table(rows);
      print_findings("Drift", drift.verdict, drift.findings);
    });
  });
}

}  // namespace

void register_ai_measure(CLI::App& ai, Context& ctx) {
  CLI::App* measure = ai.add_subcommand(
      "measure", "Measure an AI system's fairness, its data's drift or quality, from CSV files");
  measure->require_subcommand(1);
  fairness_command(*measure, ctx);
  quality_command(*measure, ctx);
  drift_command(*measure, ctx);
}

}  // namespace crosswalk::cli
