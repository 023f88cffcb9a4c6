// Measurements of AI systems and the keys that sign their documents.
#include "domain/time.h"
#include "store/sql/column_codec.h"
#include "store/sql/sql_store.h"

namespace crosswalk::store::sql {

namespace d = crosswalk::domain;
using nlohmann::json;

namespace {

constexpr const char* kMeasurementColumns =
    "id, kind, subject, verdict, summary, inputs, evidence_id, signing_key, created_by, "
    "created_at";

MeasurementRecord measurement_of(const Statement& q) {
  return {q.text(0), q.text(1), q.text(2), q.text(3), q.text(4),
          q.text(5), q.text(6), q.text(7), q.text(8), q.int64(9)};
}

}  // namespace

Result<SigningKey> SqlStore::signing_key(const SigningKey& candidate, const Actor& actor) {
  auto newest = [&](bool with_secret) -> Result<std::optional<SigningKey>> {
    auto q = db_.prepare(
        "SELECT id, algorithm, public_key, secret_key, created_at FROM signing_keys "
        "ORDER BY created_at DESC, id DESC LIMIT 1");
    if (!q.ok()) return q.status();
    std::optional<SigningKey> key;
    if (q->step())
      key = SigningKey{q->text(0), q->text(1), q->text(2), with_secret ? q->text(3) : "",
                       q->int64(4)};
    CW_RETURN_IF_ERROR(q->status());
    return key;
  };
  {
    auto key = newest(true);
    if (!key.ok()) return key.status();
    if (key.value()) return *key.value();
  }
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  // Serialized: a server that made a key while we waited for the transaction wins.
  auto key = newest(true);
  if (!key.ok()) return key.status();
  if (key.value()) return *key.value();
  auto ins = db_.prepare(
      "INSERT INTO signing_keys (id, algorithm, public_key, secret_key, created_at) "
      "VALUES (?, ?, ?, ?, ?)");
  if (!ins.ok()) return ins.status();
  ins->bind(1, candidate.id).bind(2, candidate.algorithm).bind(3, candidate.public_key);
  ins->bind(4, candidate.secret_key).bind(5, candidate.created_at);
  CW_RETURN_IF_ERROR(ins->run());
  CW_RETURN_IF_ERROR(
      append_journal(actor, "signing_key.create", "signing_key", candidate.id, nullptr,
                     {{"algorithm", candidate.algorithm}, {"public_key", candidate.public_key}}));
  CW_RETURN_IF_ERROR(commit(*tx));
  return candidate;
}

Result<std::vector<SigningKey>> SqlStore::signing_keys() {
  auto q = db_.prepare(
      "SELECT id, algorithm, public_key, created_at FROM signing_keys ORDER BY created_at, id");
  if (!q.ok()) return q.status();
  std::vector<SigningKey> out;
  while (q->step()) out.push_back({q->text(0), q->text(1), q->text(2), "", q->int64(3)});
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

Result<std::string> SqlStore::record_measurement(MeasurementRecord m, EvidenceRecord evidence,
                                                 std::vector<CheckResultRecord> results,
                                                 const Actor& actor) {
  auto tx = Transaction::begin(db_);
  if (!tx.ok()) return tx.status();
  if (m.id.empty()) m.id = random_id("MEA-");
  auto evidence_id = insert_evidence(std::move(evidence), actor);
  if (!evidence_id.ok()) return evidence_id.status();
  m.evidence_id = evidence_id.value();
  for (CheckResultRecord& r : results) {
    r.source = "measurement:" + m.id;
    CW_RETURN_IF_ERROR(insert_check_result(r, actor));
  }
  auto ins = db_.prepare(std::string("INSERT INTO measurements (") + kMeasurementColumns +
                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!ins.ok()) return ins.status();
  ins->bind(1, m.id).bind(2, m.kind).bind(3, m.subject).bind(4, m.verdict).bind(5, m.summary);
  ins->bind(6, m.inputs_json).bind(7, m.evidence_id).bind(8, m.signing_key);
  ins->bind(9, actor.name).bind(10, actor.now);
  CW_RETURN_IF_ERROR(ins->run());
  CW_RETURN_IF_ERROR(append_journal(actor, "measurement.record", "measurement", m.id, nullptr,
                                    {{"kind", m.kind},
                                     {"subject", m.subject},
                                     {"verdict", m.verdict},
                                     {"summary", m.summary},
                                     {"inputs", json::parse(m.inputs_json, nullptr, false)},
                                     {"evidence", m.evidence_id},
                                     {"signing_key", m.signing_key}}));
  CW_RETURN_IF_ERROR(commit(*tx));
  return m.id;
}

Result<std::vector<MeasurementRecord>> SqlStore::measurements(const std::string& subject,
                                                              int limit) {
  auto q = db_.prepare(std::string("SELECT ") + kMeasurementColumns +
                       " FROM measurements WHERE (? = '' OR subject = ?) "
                       "ORDER BY created_at DESC, id DESC LIMIT ?");
  if (!q.ok()) return q.status();
  q->bind(1, subject).bind(2, subject).bind(3, limit);
  std::vector<MeasurementRecord> out;
  while (q->step()) out.push_back(measurement_of(q.value()));
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

Result<std::optional<MeasurementRecord>> SqlStore::measurement(const std::string& id) {
  auto q =
      db_.prepare(std::string("SELECT ") + kMeasurementColumns + " FROM measurements WHERE id = ?");
  if (!q.ok()) return q.status();
  q->bind(1, id);
  std::optional<MeasurementRecord> out;
  if (q->step()) out = measurement_of(q.value());
  CW_RETURN_IF_ERROR(q->status());
  return out;
}

}  // namespace crosswalk::store::sql
