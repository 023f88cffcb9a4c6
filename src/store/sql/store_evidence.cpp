
#include <unordered_map>

#include "store/sql/column_codec.h"
#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {

using nlohmann::json;
namespace d = crosswalk::domain;

namespace {

json evidence_json(const EvidenceRecord& e) {
  json j = {
      {"id", e.id},
      {"kind", e.kind},
      {"filename", e.filename},
      {"size", e.size},
      {"note", e.note},
      {"source", e.source},
      {"review", d::to_string(e.review)},
      {"collected_at", d::format_datetime(e.collected_at)},
      {"valid_until", e.valid_until ? json(d::format_datetime(*e.valid_until)) : json(nullptr)},
      {"controls", e.controls}};
  if (!e.sha256.empty()) j["sha256"] = e.sha256;
  if (!e.url.empty()) j["url"] = e.url;
  return j;
}

}  // namespace

Result<std::string> SqlStore::add_evidence(EvidenceRecord e, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto id = insert_evidence(e, actor);
  if (!id.ok()) return id.status();
  CW_RETURN_IF_ERROR(commit(*tx));
  return id;
}

Result<std::string> SqlStore::insert_evidence(EvidenceRecord e, const Actor& actor) {
  if (e.controls.empty())
    return Status::InvalidInput("evidence must be linked to at least one control");
  auto exists = db_.prepare("SELECT 1 FROM controls WHERE id = ?");
  if (!exists.ok()) return exists.status();
  for (const std::string& c : e.controls) {
    exists->reset();
    exists->bind(1, c);
    if (!exists->step()) {
      CW_RETURN_IF_ERROR(exists->status());
      return Status::NotFound("unknown control '" + c + "' (see `crosswalk control list`)");
    }
  }
  e.id = random_id("EV-");
  e.created_by = actor.name;
  e.created_at = actor.now;
  auto ins = db_.prepare(
      "INSERT INTO evidence (id, kind, sha256, filename, size, url, note, source, review, "
      "collected_at, valid_until, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?)");
  if (!ins.ok()) return ins.status();
  ins->bind(1, e.id).bind(2, e.kind);
  if (e.sha256.empty())
    ins->bind_null(3);
  else
    ins->bind(3, e.sha256);
  ins->bind(4, e.filename).bind(5, e.size).bind(6, e.url).bind(7, e.note).bind(8, e.source);
  ins->bind(9, d::to_string(e.review)).bind(10, e.collected_at).bind(11, e.valid_until);
  ins->bind(12, e.created_by).bind(13, e.created_at);
  CW_RETURN_IF_ERROR(ins->run());
  auto link = db_.prepare("INSERT INTO evidence_links (evidence_id, control_id) VALUES (?, ?)");
  if (!link.ok()) return link.status();
  for (const std::string& c : e.controls) {
    link->reset();
    link->bind(1, e.id).bind(2, c);
    CW_RETURN_IF_ERROR(link->run());
  }
  CW_RETURN_IF_ERROR(
      append_journal(actor, "evidence.add", "evidence", e.id, nullptr, evidence_json(e)));
  return e.id;
}

Status SqlStore::review_evidence(const std::string& evidence_id, d::Review review,
                                 const std::string& note, const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  auto cur = db_.prepare("SELECT review FROM evidence WHERE id = ?");
  if (!cur.ok()) return cur.status();
  cur->bind(1, evidence_id);
  if (!cur->step()) {
    CW_RETURN_IF_ERROR(cur->status());
    return Status::NotFound("unknown evidence '" + evidence_id +
                            "' (see `crosswalk evidence list`)");
  }
  const std::string before = cur->text(0);
  if (before == d::to_string(review)) return Status::Ok();
  auto up = db_.prepare("UPDATE evidence SET review = ? WHERE id = ?");
  if (!up.ok()) return up.status();
  CW_RETURN_IF_ERROR(up->bind(1, d::to_string(review)).bind(2, evidence_id).run());
  CW_RETURN_IF_ERROR(append_journal(actor, "evidence.review", "evidence", evidence_id,
                                    {{"review", before}},
                                    {{"review", d::to_string(review)}, {"note", note}}));
  return commit(*tx);
}

namespace {

constexpr const char* kEvidenceColumns =
    "e.id, e.kind, COALESCE(e.sha256, ''), e.filename, e.size, e.url, e.note, e.source, e.review, "
    "e.collected_at, e.valid_until, e.created_by, e.created_at";

}  // namespace

Result<std::vector<EvidenceRecord>> SqlStore::read_evidence(Statement& q, Statement& links) {
  std::vector<EvidenceRecord> out;
  while (q.step()) {
    EvidenceRecord e;
    e.id = q.text(0);
    e.kind = q.text(1);
    e.sha256 = q.text(2);
    e.filename = q.text(3);
    e.size = q.int64(4);
    e.url = q.text(5);
    e.note = q.text(6);
    e.source = q.text(7);
    e.review = *d::parse_review(q.text(8));
    e.collected_at = q.int64(9);
    e.valid_until = q.optional_int64(10);
    e.created_by = q.text(11);
    e.created_at = q.int64(12);
    out.push_back(std::move(e));
  }
  CW_RETURN_IF_ERROR(q.status());
  if (out.empty()) return out;
  std::unordered_map<std::string, std::vector<std::string>> by_id;
  while (links.step()) by_id[links.text(0)].push_back(links.text(1));
  CW_RETURN_IF_ERROR(links.status());
  for (EvidenceRecord& e : out) e.controls = std::move(by_id[e.id]);
  return out;
}

Result<std::vector<EvidenceRecord>> SqlStore::evidence() {
  auto q = db_.prepare(std::string("SELECT ") + kEvidenceColumns +
                       " FROM evidence e ORDER BY e.created_at, e.id");
  if (!q.ok()) return q.status();
  auto links =
      db_.prepare("SELECT evidence_id, control_id FROM evidence_links ORDER BY control_id");
  if (!links.ok()) return links.status();
  return read_evidence(*q, *links);
}

Result<std::optional<EvidenceRecord>> SqlStore::evidence_item(const std::string& id) {
  auto q =
      db_.prepare(std::string("SELECT ") + kEvidenceColumns + " FROM evidence e WHERE e.id = ?");
  if (!q.ok()) return q.status();
  auto links = db_.prepare(
      "SELECT evidence_id, control_id FROM evidence_links WHERE evidence_id = ? ORDER BY "
      "control_id");
  if (!links.ok()) return links.status();
  q->bind(1, id);
  links->bind(1, id);
  auto found = read_evidence(*q, *links);
  if (!found.ok()) return found.status();
  if (found->empty()) return std::optional<EvidenceRecord>();
  return std::optional<EvidenceRecord>(std::move(found->front()));
}

Result<std::pair<std::vector<EvidenceRecord>, std::int64_t>> SqlStore::evidence_page(
    const std::string& control, std::int64_t limit, std::int64_t offset) {
  const std::string where =
      control.empty()
          ? ""
          : " WHERE e.id IN (SELECT evidence_id FROM evidence_links WHERE control_id = ?)";
  const std::string page =
      " FROM evidence e" + where + " ORDER BY e.created_at, e.id LIMIT ? OFFSET ?";
  auto count = db_.prepare("SELECT COUNT(*) FROM evidence e" + where);
  auto q = db_.prepare(std::string("SELECT ") + kEvidenceColumns + page);
  // The links of the page's items only, selected by the same query.
  auto links = db_.prepare(
      "SELECT evidence_id, control_id FROM evidence_links WHERE evidence_id IN (SELECT e.id" +
      page + ") ORDER BY control_id");
  for (auto* s : {&count, &q, &links})
    if (!s->ok()) return s->status();
  int i = 1;
  if (!control.empty()) {
    count->bind(1, control);
    q->bind(1, control);
    links->bind(1, control);
    i = 2;
  }
  q->bind(i, limit).bind(i + 1, offset);
  links->bind(i, limit).bind(i + 1, offset);
  if (!count->step())
    return count->status().ok() ? Status::IoError("COUNT: no row") : count->status();
  const std::int64_t total = count->int64(0);
  auto items = read_evidence(*q, *links);
  if (!items.ok()) return items.status();
  return std::pair{std::move(items).value(), total};
}

}  // namespace crosswalk::store::sql
