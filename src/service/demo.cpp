#include "service/demo.h"
#include "service/demo_registers.h"

#include <sodium.h>
#include <algorithm>
#include <random>

#include "common/temp_file.h"
#include "domain/time.h"
#include "service/accounts.h"
#include "service/applicability.h"
#include "service/controls.h"
#include "service/evidence.h"
#include "service/snapshot.h"
#include "service/soa.h"

namespace crosswalk::service {

namespace d = crosswalk::domain;

namespace {

constexpr int kDays = 75;
constexpr d::Timestamp kDay = d::kSecondsPerDay;

std::string random_password() {
  static const char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 20; ++i) {
    if (i > 0 && i % 5 == 0) out.push_back('-');
    out.push_back(kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)]);
  }
  return out;
}

// Annex A items a cloud-only company without premises excludes, with its reason.
constexpr const char* kExcluded[] = {"A.7.1", "A.7.2", "A.7.3",  "A.7.4",
                                     "A.7.5", "A.7.6", "A.7.11", "A.7.12"};
constexpr const char* kExclusionReason =
    "Northwind Labs has no premises or data centre of its own: staff work remotely and all "
    "processing runs at the cloud provider, whose physical controls are covered by supplier "
    "management (A.5.19–A.5.23) and its ISO 27001 certificate.";

struct Plan {
  std::vector<std::string> implemented;  // in the order they are finished
  std::vector<std::string> in_progress;  // end partial
  std::vector<std::string> planned;      // end planned
};

Plan make_plan(const std::vector<std::string>& ids) {
  std::vector<std::string> security, ai;
  for (const auto& id : ids) {
    if (id.rfind("AI-", 0) == 0) {
      ai.push_back(id);
    } else if (id.rfind("PHY-", 0) != 0 || id == "PHY-07" || id == "PHY-08" || id == "PHY-09" ||
               id == "PHY-10") {
      security.push_back(id);
    }
  }
  std::mt19937 rng(20261123);
  std::shuffle(security.begin(), security.end(), rng);
  std::shuffle(ai.begin(), ai.end(), rng);
  // The controls the demo's automated checks watch are done early.
  auto watched = [](const std::string& id) {
    return id == "TEC-08" || id == "TEC-13" || id == "AI-19";
  };
  std::stable_partition(security.begin(), security.end(), watched);
  std::stable_partition(ai.begin(), ai.end(), watched);
  Plan p;
  const std::size_t sec_done = security.size() * 88 / 100, ai_done = ai.size() * 45 / 100;
  // Security work starts first; AI work joins after three weeks.
  std::size_t si = 0, ai_i = 0;
  while (si < sec_done || ai_i < ai_done) {
    if (si < sec_done) p.implemented.push_back(security[si++]);
    if (si < sec_done && si % 2 == 0) p.implemented.push_back(security[si++]);
    if (ai_i < ai_done && si > sec_done / 3) p.implemented.push_back(ai[ai_i++]);
  }
  for (std::size_t i = sec_done; i < security.size(); ++i)
    (i % 2 ? p.planned : p.in_progress).push_back(security[i]);
  for (std::size_t i = ai_done; i < ai.size(); ++i)
    (i % 3 == 0 ? p.planned : p.in_progress).push_back(ai[i]);
  return p;
}

// A small but real evidence file: what an auditor would open.
Result<TempFile> evidence_file(Workspace& ws, const std::string& control, const std::string& title,
                               const std::string& day) {
  auto f = TempFile::create(ws.vault().temp_dir(), "demo");
  if (!f.ok()) return f.status();
  const std::string body = "# " + control + " " + title +
                           "\n\nOwner: Security & Compliance, Northwind Labs\nApproved: " + day +
                           "\nReview cycle: yearly\n\nThis record shows how the control is "
                           "carried out, who is responsible, and where the operating records "
                           "are kept. (Demo data.)\n";
  CW_RETURN_IF_ERROR(f->write(body.data(), body.size()));
  CW_RETURN_IF_ERROR(f->close());
  return f;
}

Status record_day(Workspace& ws, d::Timestamp t) {
  auto snap = take_snapshot(ws.store(), t);
  if (!snap.ok()) return snap.status();
  return ws.store().record_readiness(readiness_points(*snap.value()));
}

Status check(Workspace& ws, const std::string& id, const std::string& control,
             const std::string& name, int fresh_days, d::CheckOutcome outcome, d::Timestamp at,
             const std::string& message) {
  return ws.store().record_check_result(
      {id, control, name, fresh_days * kDay, outcome, at, message, "demo"}, {"collector:ci", at});
}

}  // namespace

Result<DemoLogin> prepare_demo(Workspace& ws, d::Timestamp now) {
  DemoLogin login;
  login.password = random_password();
  auto users = ws.store().users();
  if (!users.ok()) return users.status();
  const bool has_demo = std::any_of(users->begin(), users->end(),
                                    [](const store::UserRecord& u) { return u.name == "demo"; });
  if (has_demo) {
    CW_RETURN_IF_ERROR(set_password(ws, "demo", login.password, {"cli:serve --demo", now}));
    return login;
  }
  auto controls = ws.store().controls();
  if (!controls.ok()) return controls.status();
  if (!users->empty() || !controls->empty())
    return Status::InvalidInput(
        "--demo needs an empty data directory: this one already holds an organization (" +
        std::to_string(controls->size()) + " controls, " + std::to_string(users->size()) +
        " users). Use another --data-dir for the demo.");
  auto cat = ws.store().load_catalog();
  if (!cat.ok()) return cat.status();

  const d::Timestamp start = (now / kDay - kDays) * kDay + 9 * 3600;  // 09:00 UTC, kDays ago
  auto at = [&](int day, int hour = 0) { return start + day * kDay + hour * 3600; };
  CW_RETURN_IF_ERROR(
      add_user(ws, "demo", "admin", login.password, {"cli:serve --demo", at(0)}).status());
  for (const auto& [name, role] : {std::pair{"maria", "manager"}, std::pair{"sam", "contributor"},
                                   std::pair{"ada", "auditor"}})
    CW_RETURN_IF_ERROR(add_user(ws, name, role, random_password(), {"web:demo", at(0)}).status());

  std::vector<std::string> ids;
  for (const auto& t : cat->templates) ids.push_back(t.id);
  CW_RETURN_IF_ERROR(adopt_templates(ws, {}, true, {"web:maria", at(0, 1)}).status());
  for (const char* ref : kExcluded) {
    DecisionInput exclusion;
    exclusion.framework = "iso27001-2022";
    exclusion.ref = ref;
    exclusion.applicable = false;
    exclusion.justification = kExclusionReason;
    CW_RETURN_IF_ERROR(decide(ws, exclusion, {"web:maria", at(0, 2)}).status());
  }
  // Reasons the organization declares for some controls of the Statement of Applicability (the
  // risks of the register give the others theirs).
  struct Declared {
    const char* framework;
    const char* ref;
    std::vector<std::string> reasons;
    const char* note;
  };
  const Declared declared[] = {
      {"iso27001-2022",
       "A.5.31",
       {"legal", "contractual"},
       "GDPR; insurance supervision rules; customer master agreements"},
      {"iso27001-2022", "A.5.34", {"legal"}, "GDPR articles 5, 25 and 32"},
      {"iso27001-2022", "A.5.19", {"contractual"}, "Customers' security schedules"},
      {"iso27001-2022", "A.5.20", {"contractual"}, "Customers' security schedules"},
      {"iso27001-2022",
       "A.5.1",
       {"good-practice", "interested-parties"},
       "The board and customers"},
      {"iso42001-2023",
       "A.2.2",
       {"good-practice", "interested-parties"},
       "Regulator and customers"},
      {"iso42001-2023", "A.5.2", {"legal"}, "EU AI Act article 27 (fundamental rights)"},
  };
  for (const Declared& x : declared) {
    DecisionInput in;
    in.framework = x.framework;
    in.ref = x.ref;
    in.reasons = x.reasons;
    in.reason_note = x.note;
    in.review_by = d::format_date(at(0) + 365 * kDay);
    CW_RETURN_IF_ERROR(decide(ws, in, {"web:maria", at(0, 2)}).status());
  }
  const char* owners[] = {"Security & Compliance", "Platform team", "ML team", "People Ops",
                          "Legal"};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string owner = ids[i].rfind("AI-", 0) == 0    ? owners[2]
                              : ids[i].rfind("TEC-", 0) == 0 ? owners[1]
                              : ids[i].rfind("PEO-", 0) == 0 ? owners[3]
                                                             : owners[i % 5 == 4 ? 4 : 0];
    CW_RETURN_IF_ERROR(set_control_owner(ws, ids[i], owner, std::nullopt, {"web:maria", at(0, 3)}));
  }
  CW_RETURN_IF_ERROR(record_day(ws, at(0, 12)));
  CW_RETURN_IF_ERROR(seed_demo_registers(ws, [&](int day, int hour) { return at(day, hour); }));

  const Plan plan = make_plan(ids);
  const int working_days = kDays - 5;
  const std::size_t n = plan.implemented.size();
  auto title_of = [&](const std::string& id) {
    const auto* t = cat->find_template(id);
    return t ? t->title : id;
  };
  std::size_t next = 0;
  for (int day = 1; day <= kDays; ++day) {
    // Spread the implemented controls over the working days, a few each day.
    const std::size_t until = std::min(n, n * static_cast<std::size_t>(day) / working_days);
    for (; next < until; ++next) {
      const std::string& id = plan.implemented[next];
      const std::string who = id.rfind("AI-", 0) == 0 ? "web:maria" : "web:demo";
      CW_RETURN_IF_ERROR(set_control_status(ws, id, "partial", std::nullopt, {who, at(day, 2)}));
      CW_RETURN_IF_ERROR(
          set_control_status(ws, id, "implemented", std::nullopt, {who, at(day, 3)}));
      if (next % 17 == 5) continue;  // implemented, but nobody filed evidence yet
      EvidenceInput in;
      in.controls = {id};
      in.valid_days = next < 40 && next % 7 == 3 ? 45 : 365;  // some early evidence expires
      in.source = "web";
      const bool pending = next + 6 >= n && next % 2 == 0;  // late uploads await review
      in.review = pending ? d::Review::kPending : d::Review::kAccepted;
      const std::string actor = pending ? "web:sam" : who;
      std::optional<TempFile> file;
      switch (next % 3) {
        case 0: {
          auto f = evidence_file(ws, id, title_of(id), d::format_date(at(day)));
          if (!f.ok()) return f.status();
          file.emplace(std::move(f).value());
          in.upload = file->path();
          in.upload_name = id + " " + title_of(id) + ".md";
          break;
        }
        case 1:
          in.url = "https://wiki.northwind.example/compliance/" + id;
          in.note = "Procedure page with the last review sign-off";
          break;
        default:
          in.note = "Reviewed in the " + d::format_date(at(day)) +
                    " control walkthrough; records kept in the ticket system";
      }
      CW_RETURN_IF_ERROR(add_evidence(ws, in, {actor, at(day, 4)}).status());
    }
    if (day == 10)
      for (const auto& id : plan.in_progress)
        CW_RETURN_IF_ERROR(
            set_control_status(ws, id, "partial", std::nullopt, {"web:maria", at(day, 5)}));
    if (day == 12)
      for (const auto& id : plan.planned)
        CW_RETURN_IF_ERROR(
            set_control_status(ws, id, "planned", std::nullopt, {"web:maria", at(day, 5)}));
    // Automated checks from CI and monitoring.
    if (day % 7 == 0 && day < kDays - 8)
      CW_RETURN_IF_ERROR(check(ws, "ci:backup-restore-test", "TEC-13", "weekly backup restore test",
                               7, d::CheckOutcome::kPass, at(day, 6), "restored 41 GB in 38 min"));
    // The ISMS manager approves the SoA, then a later decision makes a draft of version 2.
    if (day == 60)
      CW_RETURN_IF_ERROR(
          approve_soa(ws, "iso27001-2022", {"web:maria", at(day, 9)}, at(day, 9)).status());
    if (day == 70) {
      DecisionInput in;
      in.framework = "iso27001-2022";
      in.ref = "A.5.7";
      in.reasons = std::vector<std::string>{"good-practice"};
      in.reason_note = "Threat feeds inform the quarterly risk review";
      CW_RETURN_IF_ERROR(decide(ws, in, {"web:maria", at(day, 9)}).status());
    }
    if (day % 3 == 0)
      CW_RETURN_IF_ERROR(check(ws, "ci:trivy-image-scan", "TEC-08", "container image scan", 7,
                               day >= kDays - 3 ? d::CheckOutcome::kFail : d::CheckOutcome::kPass,
                               at(day, 7),
                               day >= kDays - 3 ? "3 critical CVEs in triage-api:2.14.0"
                                                : "no critical or high findings"));
    if (day >= 30 && day % 2 == 0)
      CW_RETURN_IF_ERROR(check(ws, "monitor:triage-model-drift", "AI-19", "model drift monitor", 3,
                               d::CheckOutcome::kPass, at(day, 8), "PSI 0.04 on claim_type"));
    CW_RETURN_IF_ERROR(record_day(ws, std::min(at(day, 12), now)));
  }
  login.seeded = true;
  return login;
}

}  // namespace crosswalk::service
