#include "service/applicability.h"

#include <algorithm>

#include "common/utf8.h"
#include "domain/soa.h"

namespace crosswalk::service {

Result<domain::RequirementDecision> decide(Workspace& ws, const DecisionInput& in,
                                           const store::Actor& actor) {
  if (!in.applicable && !in.jointly_sufficient && !in.reasons && !in.reason_note && !in.review_by)
    return Status::InvalidInput(
        "nothing to decide: pass --applicable, --not-applicable, --jointly-sufficient, --reason, "
        "--reason-note or --review-by");
  auto cat = ws.store().load_catalog();
  if (!cat.ok()) return cat.status();
  const domain::Framework* fw = cat->find_framework(in.framework);
  if (!fw)
    return Status::NotFound("unknown framework '" + in.framework +
                            "' (see `crosswalk framework list`)");
  const domain::Requirement* req = fw->find(in.ref);
  if (!req) return Status::NotFound("unknown requirement '" + in.ref + "' in " + in.framework);
  // Free text ends up in the journal, the API's JSON and the exported files.
  for (const auto& [option, text] :
       {std::pair{"--justification", &in.justification},
        std::pair{"--reason-note", in.reason_note ? &*in.reason_note : nullptr}}) {
    if (!text) continue;
    if (!is_valid_utf8(*text))
      return Status::InvalidInput(std::string(option) + ": not valid UTF-8 text");
    if (has_control_character(*text, true))
      return Status::InvalidInput(std::string(option) + ": contains a control character");
    if (text->size() > 4000)
      return Status::InvalidInput(std::string(option) + ": longer than 4,000 bytes");
  }
  auto org = ws.store().organization();
  if (!org.ok()) return org.status();
  domain::RequirementDecision d{in.framework, in.ref, false, "", false, {}, "", ""};
  for (const auto& existing : org->decisions)
    if (existing.framework == in.framework && existing.ref == in.ref) d = existing;
  if (in.applicable) {
    if (!*in.applicable && req->kind == domain::RequirementKind::kClause)
      return Status::InvalidInput(in.framework + " " + in.ref +
                                  " is a clause requirement: clauses 4–10 can never be excluded");
    if (!*in.applicable && in.justification.empty())
      return Status::InvalidInput("--justification: excluding " + in.ref +
                                  " needs a justification");
    d.excluded = !*in.applicable;
    d.justification = d.excluded ? in.justification : "";
  }
  if (in.jointly_sufficient) d.partial_links_jointly_sufficient = *in.jointly_sufficient;
  if (in.reasons) {
    d.reasons.clear();
    for (const std::string& r : *in.reasons) {
      if (r.empty()) continue;
      if (!domain::parse_declared_reason(r))
        return Status::InvalidInput("--reason: '" + r +
                                    "' is not a reason (legal, contractual, interested-parties, "
                                    "good-practice; risk treatment comes from the risk register)");
      if (std::find(d.reasons.begin(), d.reasons.end(), r) == d.reasons.end())
        d.reasons.push_back(r);
    }
  }
  if (in.reason_note) d.reason_note = *in.reason_note;
  if (in.review_by) {
    if (!in.review_by->empty() &&
        (in.review_by->size() != 10 || !domain::parse_datetime(*in.review_by)))
      return Status::InvalidInput("--review-by: '" + *in.review_by +
                                  "' is not a date (YYYY-MM-DD)");
    d.review_by = *in.review_by;
  }
  CW_RETURN_IF_ERROR(ws.check_writable());
  CW_RETURN_IF_ERROR(ws.store().set_decision(d, actor));
  return d;
}

}  // namespace crosswalk::service
