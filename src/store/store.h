// Persistence behind one interface, on SQLite (embedded default) or PostgreSQL (shared by
// several servers).
// Every change is journaled in the same transaction as the change itself.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "common/status.h"
#include "domain/access.h"
#include "domain/finding.h"
#include "domain/organization.h"
#include "domain/register.h"
#include "store/journal_chain.h"

namespace crosswalk::store {

// Who makes a change, and when (the journal records both).
struct Actor {
  std::string name;
  domain::Timestamp now = 0;
};

struct ControlRecord {
  domain::Control control;
  std::string description;
  std::int64_t version = 1;  // bumped by every change: optimistic concurrency
  domain::Timestamp created_at = 0;
  domain::Timestamp updated_at = 0;
};

// What a control is and which requirements it serves: the part a person writes (the rest,
// implementation, owner and evidence, is recorded separately).
struct ControlDefinition {
  std::string id;
  std::string title;
  std::string description;
  std::vector<domain::RequirementLink> links;
};

struct EvidenceRecord {
  std::string id;
  std::string kind = "file";  // file | url | note
  std::string sha256;         // file only
  std::string filename;
  std::int64_t size = 0;
  std::string url;
  std::string note;
  std::string source = "manual";
  domain::Review review = domain::Review::kAccepted;
  domain::Timestamp collected_at = 0;
  std::optional<domain::Timestamp> valid_until;
  std::vector<std::string> controls;
  std::string created_by;
  domain::Timestamp created_at = 0;
};

struct UserRecord {
  std::string name;
  domain::Role role = domain::Role::kViewer;
  std::string password_hash;  // Argon2id, libsodium's string format
  domain::Timestamp created_at = 0;
};

struct SessionRecord {
  std::string id_sha256;  // the cookie value is only ever held by the browser
  std::string user;
  std::string csrf_token;
  domain::Timestamp created_at = 0;
  domain::Timestamp expires_at = 0;
};

struct TokenRecord {
  std::string id;  // public handle, "tok-…"; the secret itself is never stored
  std::string user;
  std::string label;
  std::string token_sha256;
  // "full" acts with the user's role; "import" may only push tool results and check results.
  std::string scope = "full";
  domain::Timestamp created_at = 0;
  std::optional<domain::Timestamp> expires_at;
};

struct CheckResultRecord {
  std::string check_id;    // stable id chosen by the source, e.g. "ci:backup-restore-test"
  std::string control_id;  // the control the check proves
  std::string name;
  domain::Timestamp freshness_seconds = 0;  // 0: a result never goes stale
  domain::CheckOutcome outcome = domain::CheckOutcome::kPass;
  domain::Timestamp observed_at = 0;
  std::string message;
  // Where the result came from: "import:IMP-…", "collector:COL-…", "api" or "" (older results).
  std::string source;
};

// One import of a tool's output file, successful or refused.
struct ImportRecord {
  std::string id;  // "IMP-…"
  std::string format;
  std::string filename;
  std::string sha256;
  std::int64_t size = 0;
  std::string scope;        // the user's label for what was scanned; part of the checks' identity
  std::string evidence_id;  // the original file kept as evidence ("" when no control was proven)
  std::int64_t findings = 0, passed = 0, failed = 0, errors = 0, not_applicable = 0, suppressed = 0;
  std::int64_t mapped = 0;       // findings that prove at least one of the organization's controls
  std::int64_t checks = 0;       // check results recorded
  std::string runs_json = "[]";  // the tools' runs (ingest::summary_to_json's "runs")
  std::string warnings_json = "[]";  // the importer's and the mapping's warnings
  std::string error;  // set when the import was refused: nothing of it was kept but this record
  std::string created_by;
  domain::Timestamp created_at = 0;
};

struct FindingRecord {
  std::string import_id;
  std::int64_t n = 0;  // position in the import, from 1
  domain::Finding finding;
  std::vector<std::string> controls;  // the organization's controls it proves
};

struct FindingFilter {
  std::string import_id, tool, status, control;
  std::int64_t limit = 50, offset = 0;
};

// Writes one import in one transaction: findings are streamed in as they are parsed; nothing is
// visible to others before commit(), and dropping the writer without commit() keeps nothing.
class ImportWriter {
 public:
  virtual ~ImportWriter() = default;
  virtual const std::string& id() const = 0;  // the import's id, assigned at begin_import()
  virtual Status add_finding(const domain::Finding& f,
                             const std::vector<std::string>& controls) = 0;
  // Stores the original file's evidence item (if `evidence` is set), the check results, the import
  // record (its evidence_id filled), journals them, and commits.
  virtual Status commit(ImportRecord record, std::optional<EvidenceRecord> evidence,
                        std::vector<CheckResultRecord> results, const Actor& actor) = 0;
};

// A collector the organization configured (DESIGN: run by `crosswalk collect` and the scheduler).
struct CollectorRecord {
  std::string id;  // "COL-…" or a name chosen by the admin
  std::string name;
  std::string kind;                   // command | file | host
  std::string config_json;            // kind-specific, validated by ingest::parse_collector_config
  std::string schedule;               // cron expression; "" runs only on demand
  std::vector<std::string> controls;  // controls its checks prove (host checks add their own)
  domain::Timestamp freshness_seconds = 0;
  int evidence_valid_days = 0;  // 0: the evidence it keeps does not expire
  bool enabled = true;
  std::int64_t version = 1;
  std::string created_by;
  domain::Timestamp created_at = 0;
  domain::Timestamp updated_at = 0;
};

// The key that signs measurement documents (Ed25519, base64). The secret part never leaves the
// store except to sign.
// What the journal page filters by; empty means any. Times are compared as the ISO 8601 text
// the journal keeps: from <= at < until.
struct JournalFilter {
  std::string entity, entity_id, actor;
  std::string from, until;
  std::int64_t before_seq = 0;
  int limit = 100;
};

struct SigningKey {
  std::string id;  // "KEY-…"
  std::string algorithm = "ed25519";
  std::string public_key, secret_key;
  domain::Timestamp created_at = 0;
};

// One measurement of an AI system (fairness, drift, data quality); its signed document is the
// evidence item.
struct MeasurementRecord {
  std::string id;       // "MEA-…"
  std::string kind;     // fairness | drift | quality
  std::string subject;  // what was measured, e.g. "credit-scoring v3"
  std::string verdict;  // pass | fail | inconclusive
  std::string summary;
  std::string inputs_json;  // [{"file", "sha256", "bytes", "rows"}]
  std::string evidence_id;
  std::string signing_key;
  std::string created_by;
  domain::Timestamp created_at = 0;
};

// One entry of a register (risk, asset, AI system, …; domain/register.h). Every change makes a
// new version; the earlier ones are kept.
struct RegisterEntry {
  std::string kind;
  std::string id;  // assigned as PREFIX-N when created without one
  std::int64_t version = 0;
  domain::FieldValues fields;
  std::string created_by;
  domain::Timestamp created_at = 0;
  std::string updated_by;
  domain::Timestamp updated_at = 0;
};

// A link field's value: entry (kind, id) names target (target_kind, target_id) in `field`.
struct RegisterLink {
  std::string kind, id, field, target_kind, target_id;
};

// One approved version of a Statement of Applicability. `scope` is a framework id or
// "combined"; `statement` is domain::soa_statement at approval; `document` the whole SoA as
// JSON then (live columns included), so that an approved version can be shown as it was.
struct SoaApproval {
  std::string scope;
  std::int64_t version = 0;
  std::string approved_by;
  domain::Timestamp approved_at = 0;
  std::string statement;
  std::string statement_sha256;
  std::string document;
};

struct CollectorRunRecord {
  std::int64_t id = 0;
  std::string collector_id;
  std::string trigger;  // schedule | manual | cli
  std::optional<domain::Timestamp> scheduled_for;
  domain::Timestamp started_at = 0;
  domain::Timestamp finished_at = 0;
  std::string outcome;  // pass | fail | error
  std::string message;
  std::int64_t missed = 0;  // scheduled runs skipped before this one
  std::string evidence_id;
  std::string runner;  // which server or command ran it
};

// One check result with its check, for a control's history.
struct CheckHistoryRow {
  std::string check_id;
  std::string check_name;
  std::string control_id;
  domain::Timestamp freshness_seconds = 0;
  domain::CheckOutcome outcome = domain::CheckOutcome::kPass;
  domain::Timestamp observed_at = 0;
  std::string message;
  std::string source;
};

// One framework's readiness as it stood at the end of a day (the last value seen that day).
struct ReadinessPoint {
  std::string day;  // YYYY-MM-DD, UTC
  std::string framework;
  int met = 0;
  int partly_met = 0;
  int not_met = 0;
  int not_applicable = 0;
  bool operator==(const ReadinessPoint&) const = default;
};

// A framework read from an OSCAL catalog or resolved profile (oscal/catalog_reader.h), with
// the OSCAL objects kept for export: per group id, per requirement ref, and the document's own.
struct FrameworkImport {
  domain::Framework framework;  // origin set
  std::map<std::string, std::string> group_oscal;
  std::map<std::string, std::string> requirement_oscal;
  std::string document_oscal;
};

// What importing changed. Re-importing keeps every link to a requirement whose ref still exists.
struct FrameworkImportReport {
  bool created = false;
  std::vector<std::string> added, removed, changed;  // requirement refs, in framework order
  std::vector<std::string> dropped_links;  // "control CTRL-1 -> ac-2.10", "decision on ac-9"
};

// One of the database engine's own consistency checks (`crosswalk check`).
struct DatabaseCheck {
  std::string name;
  std::string outcome;  // ok | failed | skipped
  std::string detail;   // what was checked, what is wrong, or why it did not run
};

class Store {
 public:
  virtual ~Store() = default;

  // Brings the schema to the latest version; safe to run again and by two processes.
  virtual Status migrate() = 0;

  // The sha256 of the seeded catalog, or "" before the first seed.
  virtual Result<std::string> catalog_sha256() = 0;
  // Replaces the catalog tables with `cat`; fails (changing nothing) if the organization still
  // refers to a requirement or template the new catalog drops.
  virtual Status seed_catalog(const catalog::Catalog& cat, const Actor& actor) = 0;
  virtual Result<catalog::Catalog> load_catalog() = 0;

  // Creates or updates an imported framework in one transaction, journaled. A built-in
  // framework's id is a Conflict. Links (control links, decisions) to requirements the new
  // version drops are removed and reported.
  virtual Result<FrameworkImportReport> import_framework(const FrameworkImport& f,
                                                         const Actor& actor) = 0;
  // Removes an imported framework with the links to it; NotFound / Conflict for a built-in one.
  virtual Status remove_framework(const std::string& id, const Actor& actor) = 0;
  // The OSCAL objects kept for a framework (empty maps for built-in ones).
  virtual Result<FrameworkImport> framework_oscal(const std::string& id) = 0;

  // Adopts templates as controls (id = template id). Returns the ids newly adopted; already
  // adopted ones are left as they are.
  virtual Result<std::vector<std::string>> adopt(
      const std::vector<const domain::ControlTemplate*>& templates, const Actor& actor) = 0;
  virtual Result<std::vector<ControlRecord>> controls() = 0;
  // Conflict if expected_version is given and differs from the stored one.
  // A control the organization writes itself (no template); Conflict if the id is taken.
  virtual Status create_control(const ControlDefinition& def, const Actor& actor) = 0;
  // Replaces a control's title, description and requirement links; same optimistic concurrency
  // as set_implementation.
  virtual Status define_control(const ControlDefinition& def,
                                std::optional<std::int64_t> expected_version,
                                const Actor& actor) = 0;
  // Who answers for a control ("" for no one); same optimistic concurrency as set_implementation.
  virtual Status set_owner(const std::string& control_id, const std::string& owner,
                           std::optional<std::int64_t> expected_version, const Actor& actor) = 0;
  virtual Status set_implementation(const std::string& control_id, domain::Implementation status,
                                    std::optional<std::int64_t> expected_version,
                                    const Actor& actor) = 0;

  // Stores the record (its id is assigned) and its links to controls; returns the id.
  virtual Result<std::string> add_evidence(EvidenceRecord evidence, const Actor& actor) = 0;
  virtual Result<std::vector<EvidenceRecord>> evidence() = 0;
  // One evidence item, or nothing if there is no such id.
  virtual Result<std::optional<EvidenceRecord>> evidence_item(const std::string& id) = 0;
  // A page of evidence in the order of evidence() (oldest first), only the items linked to
  // `control` when it is not empty, and how many items match in all.
  virtual Result<std::pair<std::vector<EvidenceRecord>, std::int64_t>> evidence_page(
      const std::string& control, std::int64_t limit, std::int64_t offset) = 0;
  // Accepts or rejects an evidence item (journaled with the reviewer's note). NotFound if unknown.
  virtual Status review_evidence(const std::string& evidence_id, domain::Review review,
                                 const std::string& note, const Actor& actor) = 0;

  // Records the organization's decision on a requirement (SoA exclusion, joint sufficiency of
  // its partial links). The requirement must exist.
  // An automated check of a control (created on first use) and one result of it, journaled.
  virtual Status record_check_result(const CheckResultRecord& result, const Actor& actor) = 0;
  // Several results in one transaction: all of them are recorded, or none (NotFound naming an
  // unknown control).
  virtual Status record_check_results(const std::vector<CheckResultRecord>& results,
                                      const Actor& actor) = 0;

  virtual Status set_decision(const domain::RequirementDecision& decision, const Actor& actor) = 0;

  // Imports (store_imports.cpp). The writer holds the write transaction until commit or drop.
  virtual Result<std::unique_ptr<ImportWriter>> begin_import() = 0;
  // Records a refused import (its error) for the history; journaled, nothing else is kept.
  virtual Status record_refused_import(const ImportRecord& record, const Actor& actor) = 0;
  virtual Result<std::vector<ImportRecord>> imports(std::int64_t limit, std::int64_t offset) = 0;
  virtual Result<std::int64_t> import_count() = 0;
  virtual Result<std::optional<ImportRecord>> import_record(const std::string& id) = 0;
  // Findings matching the filter (newest import first, then file order), and how many match.
  virtual Result<std::pair<std::vector<FindingRecord>, std::int64_t>> findings(
      const FindingFilter& filter) = 0;
  // The latest results of the checks of one control ("" for all), newest first.
  virtual Result<std::vector<CheckHistoryRow>> check_history(const std::string& control_id,
                                                             int limit) = 0;
  // The check results one import recorded (source "import:IMP-…"), by control and check.
  virtual Result<std::vector<CheckHistoryRow>> import_checks(const std::string& import_id) = 0;

  // Collectors (store_collectors.cpp), journaled. put_collector creates (expected_version unset,
  // Conflict if the id is taken) or updates (Conflict if the version moved).
  virtual Status put_collector(const CollectorRecord& c,
                               std::optional<std::int64_t> expected_version,
                               const Actor& actor) = 0;
  virtual Status remove_collector(const std::string& id, const Actor& actor) = 0;
  virtual Result<std::vector<CollectorRecord>> collectors() = 0;
  // Stores a run with its evidence (if any) and check results in one transaction.
  virtual Result<std::int64_t> record_collector_run(CollectorRunRecord run,
                                                    std::optional<EvidenceRecord> evidence,
                                                    std::vector<CheckResultRecord> results,
                                                    const Actor& actor) = 0;
  // The latest runs of one collector ("" for all), newest first.
  virtual Result<std::vector<CollectorRunRecord>> collector_runs(const std::string& collector_id,
                                                                 int limit) = 0;
  // The latest fire time a scheduled run of the collector stood for, however many manual runs
  // came after it; nullopt if it never ran on schedule.
  virtual Result<std::optional<domain::Timestamp>> last_scheduled_fire(
      const std::string& collector_id) = 0;

  // The newest signing key; when there is none, `candidate` is stored first (journaled, public
  // part only). Several servers racing agree on one key.
  virtual Result<SigningKey> signing_key(const SigningKey& candidate, const Actor& actor) = 0;
  // Every key's public part (secret_key empty), to verify old documents.
  virtual Result<std::vector<SigningKey>> signing_keys() = 0;
  // Stores a measurement with its evidence (the signed document) and check results in one
  // transaction; returns the measurement's id.
  virtual Result<std::string> record_measurement(MeasurementRecord measurement,
                                                 EvidenceRecord evidence,
                                                 std::vector<CheckResultRecord> results,
                                                 const Actor& actor) = 0;
  // Newest first; `subject` "" for all.
  virtual Result<std::vector<MeasurementRecord>> measurements(const std::string& subject,
                                                              int limit) = 0;
  virtual Result<std::optional<MeasurementRecord>> measurement(const std::string& id) = 0;

  // Registers (store_registers.cpp), journaled. Creates the entry when expected_version is unset
  // (Conflict if its id is taken) or replaces its fields (Conflict if the version moved, or the
  // kind is append-only). Every link field's target must exist (NotFound naming the field).
  // Returns the entry's id.
  virtual Result<std::string> put_register_entry(const RegisterEntry& entry,
                                                 std::optional<std::int64_t> expected_version,
                                                 const Actor& actor) = 0;
  // Conflict while other entries link to it, or for append-only kinds.
  virtual Status remove_register_entry(const std::string& kind, const std::string& id,
                                       std::int64_t expected_version, const Actor& actor) = 0;
  // By id (RISK-2 before RISK-10).
  virtual Result<std::vector<RegisterEntry>> register_entries(const std::string& kind) = 0;
  virtual Result<std::optional<RegisterEntry>> register_entry(const std::string& kind,
                                                              const std::string& id) = 0;
  // Every version of one entry, newest first (a removed entry keeps its history).
  virtual Result<std::vector<RegisterEntry>> register_history(const std::string& kind,
                                                              const std::string& id) = 0;
  // The links pointing at `target_id` of `target_kind` ("" for every target of that kind).
  virtual Result<std::vector<RegisterLink>> register_links_to(const std::string& target_kind,
                                                              const std::string& target_id) = 0;

  // Statement of Applicability approvals (store_soa.cpp), journaled. Adds version
  // `expected_latest + 1` of the approval's scope; Conflict when another approval came first.
  virtual Status add_soa_approval(const SoaApproval& approval, std::int64_t expected_latest,
                                  const Actor& actor) = 0;
  // Newest first.
  virtual Result<std::vector<SoaApproval>> soa_approvals(const std::string& scope) = 0;

  // Everything readiness needs, controls ordered by id.
  virtual Result<domain::Organization> organization() = 0;

  // Conflict if the name is taken. The journal records the user and role, never the hash.
  // add_user, but only while there is no user at all (checked in the same transaction, so two
  // first-run setups racing create one administrator); Conflict otherwise.
  virtual Status add_first_user(const UserRecord& user, const Actor& actor) = 0;
  virtual Status add_user(const UserRecord& user, const Actor& actor) = 0;
  // Changes a user's role / removes a user with their tokens and sessions (both journaled).
  // Conflict when the change would leave no administrator.
  virtual Status set_role(const std::string& user, domain::Role role, const Actor& actor) = 0;
  virtual Status remove_user(const std::string& user, const Actor& actor) = 0;
  // Replaces a user's password hash and ends their sessions (journaled, without the hash).
  virtual Status set_password_hash(const std::string& user, const std::string& password_hash,
                                   const Actor& actor) = 0;
  virtual Result<std::vector<UserRecord>> users() = 0;
  // NotFound if the user does not exist. The journal never sees the token or its hash.
  virtual Status add_token(const TokenRecord& token, const Actor& actor) = 0;
  virtual Result<std::vector<TokenRecord>> tokens() = 0;
  // Deletes a token (journaled); NotFound if there is none with this id.
  virtual Status revoke_token(const std::string& id, const Actor& actor) = 0;
  // The user a token (by its SHA-256) belongs to, if the token exists and has not expired at `now`.
  // With the token's scope.
  virtual Result<std::optional<std::pair<UserRecord, std::string>>> user_of_token(
      const std::string& token_sha256, domain::Timestamp now) = 0;

  // Sessions are not journaled: they are not organization data, and a login is not a change.
  virtual Status add_session(const SessionRecord& session) = 0;
  // The session and its user, if it exists and has not expired at `now`.
  virtual Result<std::optional<std::pair<SessionRecord, UserRecord>>> find_session(
      const std::string& id_sha256, domain::Timestamp now) = 0;
  virtual Status delete_session(const std::string& id_sha256) = 0;
  // Failed logins, counted per user name and per remote address since `since`.
  virtual Status record_login_failure(const std::string& user, const std::string& remote,
                                      domain::Timestamp at) = 0;
  virtual Result<std::pair<int, int>> login_failures_since(const std::string& user,
                                                           const std::string& remote,
                                                           domain::Timestamp since) = 0;

  // Readiness history for the dashboard: derived data, not journaled (it can be recomputed from
  // the journal). Recording a day again replaces that day's value.
  virtual Status record_readiness(const std::vector<ReadinessPoint>& points) = 0;
  virtual Result<std::vector<ReadinessPoint>> readiness_history(const std::string& framework,
                                                                const std::string& since_day) = 0;

  // Evidence blobs kept in the database (DatabaseVault): the file at `path`, whose SHA-256 the
  // caller computed, in chunks. Idempotent, safe when two servers store the same content, and
  // Corruption (nothing stored) if the bytes read do not match sha256.
  virtual Status put_blob(const std::string& sha256, const std::string& path) = 0;
  virtual Result<bool> has_blob(const std::string& sha256) = 0;
  // Every blob the data refers to (evidence files, imported files), sorted, each once.
  virtual Result<std::vector<std::string>> blob_references() = 0;
  // Hands the blob's bytes to `sink` chunk by chunk (constant memory); NotFound if absent.
  virtual Status read_blob(const std::string& sha256,
                           const std::function<Status(std::string_view)>& sink) = 0;

  // A lease on a named job, so that a job runs on one server at a time: true if `holder` holds
  // it until now + ttl (it was free, expired, or already its own), false if another holder does.
  virtual Result<bool> acquire_lease(const std::string& name, const std::string& holder,
                                     domain::Timestamp now, domain::Timestamp ttl) = 0;
  virtual Status release_lease(const std::string& name, const std::string& holder) = 0;

  virtual Result<JournalVerdict> verify_journal() = 0;
  // The engine's own checks of the database (store_integrity.cpp). Damage found is a failed
  // check, not an error; an error means the checks could not run.
  virtual Result<std::vector<DatabaseCheck>> check_database() = 0;
  // The sequence number of the last journal entry: every change moves it, so it stamps caches.
  virtual Result<std::int64_t> journal_seq() = 0;
  // The last entry's sequence number and hash ({0, ""} for an empty journal).
  virtual Result<JournalHead> journal_head() = 0;
  virtual Result<std::vector<JournalEntry>> journal(std::int64_t after_seq, int limit) = 0;
  // The latest `limit` entries about one entity ("control", "CTL-1"), newest first.
  virtual Result<std::vector<JournalEntry>> journal_of(const std::string& entity,
                                                       const std::string& entity_id, int limit) = 0;
  // Entries matching every filter given, newest first, below `before_seq` when it is not 0.
  virtual Result<std::vector<JournalEntry>> journal_search(const JournalFilter& filter) = 0;
};

// Opens the SQLite store at db_path; the journal head is kept in head_path.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& db_path,
                                                 const std::string& head_path, bool create);
// Opens the SQLite store on read-only media: reads work, every write fails.
Result<std::unique_ptr<Store>> open_sqlite_store_read_only(const std::string& db_path,
                                                           const std::string& head_path);

// Connects to PostgreSQL (libpq URL). Each server keeps its own head file ("" for none): it
// witnesses the last entry that server wrote, so cutting entries off the end is still detected.
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& url,
                                                   const std::string& head_path);

}  // namespace crosswalk::store
