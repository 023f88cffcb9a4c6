// The Store on a SQL database, written once for SQLite and PostgreSQL (the engines differ only
// behind Database/Driver and in dialect.cpp). Its methods are spread over files by area:
// sql_store.cpp (open, migrations, journal), store_catalog.cpp, store_controls.cpp, …
#pragma once

#include <nlohmann/json.hpp>

#include "store/sql/database.h"
#include "store/store.h"

namespace crosswalk::store::sql {

class SqlStore final : public Store {
 public:
  SqlStore(Database db, std::string head_path)
      : db_(std::move(db)), head_path_(std::move(head_path)) {}

  Status migrate() override;
  Result<std::string> catalog_sha256() override;
  Status seed_catalog(const catalog::Catalog& cat, const Actor& actor) override;
  Result<catalog::Catalog> load_catalog() override;
  Result<FrameworkImportReport> import_framework(const FrameworkImport& f,
                                                 const Actor& actor) override;
  Status remove_framework(const std::string& id, const Actor& actor) override;
  Result<FrameworkImport> framework_oscal(const std::string& id) override;
  Result<std::vector<std::string>> adopt(
      const std::vector<const domain::ControlTemplate*>& templates, const Actor& actor) override;
  Result<std::vector<ControlRecord>> controls() override;
  Status create_control(const ControlDefinition& def, const Actor& actor) override;
  Status define_control(const ControlDefinition& def, std::optional<std::int64_t> expected_version,
                        const Actor& actor) override;
  Status set_owner(const std::string& control_id, const std::string& owner,
                   std::optional<std::int64_t> expected_version, const Actor& actor) override;
  Status set_implementation(const std::string& control_id, domain::Implementation status,
                            std::optional<std::int64_t> expected_version,
                            const Actor& actor) override;
  Result<std::string> add_evidence(EvidenceRecord evidence, const Actor& actor) override;
  Result<std::vector<EvidenceRecord>> evidence() override;
  Result<std::optional<EvidenceRecord>> evidence_item(const std::string& id) override;
  Result<std::pair<std::vector<EvidenceRecord>, std::int64_t>> evidence_page(
      const std::string& control, std::int64_t limit, std::int64_t offset) override;
  Status review_evidence(const std::string& evidence_id, domain::Review review,
                         const std::string& note, const Actor& actor) override;
  Status record_check_result(const CheckResultRecord& result, const Actor& actor) override;
  Status record_check_results(const std::vector<CheckResultRecord>& results,
                              const Actor& actor) override;
  Status set_decision(const domain::RequirementDecision& decision, const Actor& actor) override;
  Result<std::unique_ptr<ImportWriter>> begin_import() override;
  Status record_refused_import(const ImportRecord& record, const Actor& actor) override;
  Result<std::vector<ImportRecord>> imports(std::int64_t limit, std::int64_t offset) override;
  Result<std::int64_t> import_count() override;
  Result<std::optional<ImportRecord>> import_record(const std::string& id) override;
  Result<std::pair<std::vector<FindingRecord>, std::int64_t>> findings(
      const FindingFilter& filter) override;
  Result<std::vector<CheckHistoryRow>> check_history(const std::string& control_id,
                                                     int limit) override;
  Result<std::vector<CheckHistoryRow>> import_checks(const std::string& import_id) override;
  Status put_collector(const CollectorRecord& c, std::optional<std::int64_t> expected_version,
                       const Actor& actor) override;
  Status remove_collector(const std::string& id, const Actor& actor) override;
  Result<std::vector<CollectorRecord>> collectors() override;
  Result<std::int64_t> record_collector_run(CollectorRunRecord run,
                                            std::optional<EvidenceRecord> evidence,
                                            std::vector<CheckResultRecord> results,
                                            const Actor& actor) override;
  Result<std::vector<CollectorRunRecord>> collector_runs(const std::string& collector_id,
                                                         int limit) override;
  Result<std::optional<domain::Timestamp>> last_scheduled_fire(
      const std::string& collector_id) override;
  Result<SigningKey> signing_key(const SigningKey& candidate, const Actor& actor) override;
  Result<std::vector<SigningKey>> signing_keys() override;
  Result<std::string> record_measurement(MeasurementRecord measurement, EvidenceRecord evidence,
                                         std::vector<CheckResultRecord> results,
                                         const Actor& actor) override;
  Result<std::vector<MeasurementRecord>> measurements(const std::string& subject,
                                                      int limit) override;
  Result<std::optional<MeasurementRecord>> measurement(const std::string& id) override;
  Result<std::string> put_register_entry(const RegisterEntry& entry,
                                         std::optional<std::int64_t> expected_version,
                                         const Actor& actor) override;
  Status remove_register_entry(const std::string& kind, const std::string& id,
                               std::int64_t expected_version, const Actor& actor) override;
  Result<std::vector<RegisterEntry>> register_entries(const std::string& kind) override;
  Result<std::optional<RegisterEntry>> register_entry(const std::string& kind,
                                                      const std::string& id) override;
  Result<std::vector<RegisterEntry>> register_history(const std::string& kind,
                                                      const std::string& id) override;
  Status add_soa_approval(const SoaApproval& approval, std::int64_t expected_latest,
                          const Actor& actor) override;
  Result<std::vector<SoaApproval>> soa_approvals(const std::string& scope) override;
  Result<std::vector<RegisterLink>> register_links_to(const std::string& target_kind,
                                                      const std::string& target_id) override;
  Result<domain::Organization> organization() override;
  Status add_first_user(const UserRecord& user, const Actor& actor) override;
  Status add_user(const UserRecord& user, const Actor& actor) override;
  Status set_role(const std::string& user, domain::Role role, const Actor& actor) override;
  Status remove_user(const std::string& user, const Actor& actor) override;
  Status set_password_hash(const std::string& user, const std::string& password_hash,
                           const Actor& actor) override;
  Result<std::vector<UserRecord>> users() override;
  Status add_token(const TokenRecord& token, const Actor& actor) override;
  Status revoke_token(const std::string& id, const Actor& actor) override;
  Result<std::vector<TokenRecord>> tokens() override;
  Result<std::optional<std::pair<UserRecord, std::string>>> user_of_token(
      const std::string& token_sha256, domain::Timestamp now) override;
  Status add_session(const SessionRecord& session) override;
  Result<std::optional<std::pair<SessionRecord, UserRecord>>> find_session(
      const std::string& id_sha256, domain::Timestamp now) override;
  Status delete_session(const std::string& id_sha256) override;
  Status record_readiness(const std::vector<ReadinessPoint>& points) override;
  Result<std::vector<ReadinessPoint>> readiness_history(const std::string& framework,
                                                        const std::string& since_day) override;
  Status record_login_failure(const std::string& user, const std::string& remote,
                              domain::Timestamp at) override;
  Result<std::pair<int, int>> login_failures_since(const std::string& user,
                                                   const std::string& remote,
                                                   domain::Timestamp since) override;
  Status put_blob(const std::string& sha256, const std::string& path) override;
  Result<bool> has_blob(const std::string& sha256) override;
  Result<std::vector<std::string>> blob_references() override;
  Status read_blob(const std::string& sha256,
                   const std::function<Status(std::string_view)>& sink) override;
  Result<bool> acquire_lease(const std::string& name, const std::string& holder,
                             domain::Timestamp now, domain::Timestamp ttl) override;
  Status release_lease(const std::string& name, const std::string& holder) override;
  Result<JournalVerdict> verify_journal() override;
  Result<std::vector<DatabaseCheck>> check_database() override;
  Result<std::int64_t> journal_seq() override;
  Result<JournalHead> journal_head() override;
  Result<std::vector<JournalEntry>> journal(std::int64_t after_seq, int limit) override;
  Result<std::vector<JournalEntry>> journal_search(const JournalFilter& filter) override;
  Result<std::vector<JournalEntry>> journal_of(const std::string& entity,
                                               const std::string& entity_id, int limit) override;

 private:
  friend class SqlImportWriter;
  // Inside the caller's open transaction: an evidence item with its links (Result: its id), and a
  // check result with its check; both journaled.
  Result<std::string> insert_evidence(EvidenceRecord evidence, const Actor& actor);
  Status insert_check_result(const CheckResultRecord& result, const Actor& actor);
  // Appends one entry inside the caller's open transaction.
  Status append_journal(const Actor& actor, const std::string& action, const std::string& entity,
                        const std::string& entity_id, const nlohmann::json& before,
                        const nlohmann::json& after);
  // Commits, then records the new journal head outside the database.
  Status commit(Transaction& tx);
  Status write_head();
  Status replace_catalog(const catalog::Catalog& cat);
  // Evidence rows of a query selecting kEvidenceColumns, with their control links from `links`
  // (evidence_id, control_id rows covering at least those items).
  Result<std::vector<EvidenceRecord>> read_evidence(Statement& q, Statement& links);

  Database db_;
  std::string head_path_;
  JournalHead last_appended_;
};

}  // namespace crosswalk::store::sql
