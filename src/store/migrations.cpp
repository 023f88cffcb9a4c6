#include "store/migrations.h"

namespace crosswalk::store {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "core: catalog, controls, evidence, checks, decisions, journal", R"SQL(
CREATE TABLE catalog_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE frameworks (
  id       TEXT PRIMARY KEY,
  name     TEXT NOT NULL,
  title    TEXT NOT NULL,
  version  TEXT NOT NULL,
  position INTEGER NOT NULL
);
CREATE TABLE requirement_groups (
  framework_id TEXT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
  id           TEXT NOT NULL,
  title        TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('clause', 'annex_a')),
  position     INTEGER NOT NULL,
  PRIMARY KEY (framework_id, id)
);
CREATE TABLE requirements (
  framework_id TEXT NOT NULL REFERENCES frameworks(id) ON DELETE CASCADE,
  ref          TEXT NOT NULL,
  title        TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('clause', 'annex_a')),
  group_id     TEXT NOT NULL,
  subgroup     TEXT NOT NULL,
  subgroup_title TEXT NOT NULL,
  assessable   INTEGER NOT NULL,
  guidance     TEXT NOT NULL,
  note         TEXT NOT NULL,
  attributes   TEXT NOT NULL,
  position     INTEGER NOT NULL,
  PRIMARY KEY (framework_id, ref),
  FOREIGN KEY (framework_id, group_id) REFERENCES requirement_groups(framework_id, id)
);
CREATE TABLE crosswalks (
  id        TEXT PRIMARY KEY,
  target_id TEXT NOT NULL REFERENCES frameworks(id),
  source_id TEXT NOT NULL REFERENCES frameworks(id),
  UNIQUE (target_id, source_id)
);
CREATE TABLE crosswalk_entries (
  crosswalk_id TEXT NOT NULL REFERENCES crosswalks(id) ON DELETE CASCADE,
  target_id    TEXT NOT NULL,
  target_ref   TEXT NOT NULL,
  relation     TEXT NOT NULL CHECK (relation IN ('equal', 'subset', 'superset', 'intersect', 'none')),
  strength     TEXT NOT NULL CHECK (strength IN ('full', 'strong', 'partial', 'weak', 'none')),
  rationale    TEXT NOT NULL,
  position     INTEGER NOT NULL,
  PRIMARY KEY (crosswalk_id, target_ref),
  FOREIGN KEY (target_id, target_ref) REFERENCES requirements(framework_id, ref)
);
CREATE TABLE crosswalk_sources (
  crosswalk_id TEXT NOT NULL,
  target_ref   TEXT NOT NULL,
  source_id    TEXT NOT NULL,
  source_ref   TEXT NOT NULL,
  position     INTEGER NOT NULL,
  PRIMARY KEY (crosswalk_id, target_ref, source_ref),
  FOREIGN KEY (crosswalk_id, target_ref) REFERENCES crosswalk_entries(crosswalk_id, target_ref) ON DELETE CASCADE,
  FOREIGN KEY (source_id, source_ref) REFERENCES requirements(framework_id, ref)
);
CREATE TABLE control_templates (
  id          TEXT PRIMARY KEY,
  domain      TEXT NOT NULL,
  title       TEXT NOT NULL,
  description TEXT NOT NULL,
  evidence    TEXT NOT NULL,
  position    INTEGER NOT NULL
);
CREATE TABLE template_requirements (
  template_id  TEXT NOT NULL REFERENCES control_templates(id) ON DELETE CASCADE,
  framework_id TEXT NOT NULL,
  ref          TEXT NOT NULL,
  coverage     TEXT NOT NULL CHECK (coverage IN ('full', 'partial')),
  PRIMARY KEY (template_id, framework_id, ref),
  FOREIGN KEY (framework_id, ref) REFERENCES requirements(framework_id, ref)
);
CREATE TABLE controls (
  id             TEXT PRIMARY KEY,
  template_id    TEXT REFERENCES control_templates(id),
  title          TEXT NOT NULL,
  description    TEXT NOT NULL,
  implementation TEXT NOT NULL CHECK (implementation IN ('not-implemented', 'planned', 'partial', 'implemented')),
  owner          TEXT NOT NULL,
  version        INTEGER NOT NULL,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE TABLE control_requirements (
  control_id   TEXT NOT NULL REFERENCES controls(id) ON DELETE CASCADE,
  framework_id TEXT NOT NULL,
  ref          TEXT NOT NULL,
  coverage     TEXT NOT NULL CHECK (coverage IN ('full', 'partial')),
  PRIMARY KEY (control_id, framework_id, ref),
  FOREIGN KEY (framework_id, ref) REFERENCES requirements(framework_id, ref)
);
CREATE INDEX control_requirements_by_requirement ON control_requirements(framework_id, ref);
CREATE TABLE requirement_decisions (
  framework_id  TEXT NOT NULL,
  ref           TEXT NOT NULL,
  excluded      INTEGER NOT NULL,
  justification TEXT NOT NULL,
  jointly_sufficient INTEGER NOT NULL,
  PRIMARY KEY (framework_id, ref),
  FOREIGN KEY (framework_id, ref) REFERENCES requirements(framework_id, ref)
);
CREATE TABLE evidence (
  id           TEXT PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('file', 'url', 'note')),
  sha256       TEXT,
  filename     TEXT NOT NULL,
  size         INTEGER NOT NULL,
  url          TEXT NOT NULL,
  note         TEXT NOT NULL,
  source       TEXT NOT NULL,
  review       TEXT NOT NULL CHECK (review IN ('pending', 'accepted', 'rejected')),
  collected_at INTEGER NOT NULL,
  valid_until  INTEGER,
  created_by   TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);
CREATE TABLE evidence_links (
  evidence_id TEXT NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
  control_id  TEXT NOT NULL REFERENCES controls(id) ON DELETE CASCADE,
  PRIMARY KEY (evidence_id, control_id)
);
CREATE INDEX evidence_links_by_control ON evidence_links(control_id);
CREATE TABLE checks (
  id                TEXT PRIMARY KEY,
  control_id        TEXT NOT NULL REFERENCES controls(id) ON DELETE CASCADE,
  name              TEXT NOT NULL,
  freshness_seconds INTEGER NOT NULL
);
CREATE TABLE check_results (
  id          INTEGER PRIMARY KEY,
  check_id    TEXT NOT NULL REFERENCES checks(id) ON DELETE CASCADE,
  outcome     TEXT NOT NULL CHECK (outcome IN ('pass', 'fail', 'error')),
  observed_at INTEGER NOT NULL,
  message     TEXT NOT NULL
);
CREATE INDEX check_results_by_check ON check_results(check_id, observed_at);
CREATE TABLE journal (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before    TEXT NOT NULL,
  after     TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
)SQL"},
      {2, "accounts: users and API tokens", R"SQL(
CREATE TABLE users (
  name          TEXT PRIMARY KEY,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'contributor', 'auditor', 'viewer')),
  password_hash TEXT NOT NULL,
  created_at    INTEGER NOT NULL
);
CREATE TABLE api_tokens (
  id           TEXT PRIMARY KEY,
  user_name    TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  label        TEXT NOT NULL,
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER
);
)SQL"},
      {3, "sessions and login attempts (in the database, so every server replica sees them)", R"SQL(
CREATE TABLE sessions (
  id_sha256  TEXT PRIMARY KEY,
  user_name  TEXT NOT NULL REFERENCES users(name) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE login_failures (
  id         INTEGER PRIMARY KEY,
  user_name  TEXT NOT NULL,
  remote     TEXT NOT NULL,
  at         INTEGER NOT NULL
);
CREATE INDEX login_failures_by_user ON login_failures(user_name, at);
CREATE INDEX login_failures_by_remote ON login_failures(remote, at);
)SQL"},
      {4, "readiness history for the dashboard; journal by entity for history pages", R"SQL(
CREATE TABLE readiness_history (
  day            TEXT NOT NULL,
  framework      TEXT NOT NULL,
  met            INTEGER NOT NULL,
  partly_met     INTEGER NOT NULL,
  not_met        INTEGER NOT NULL,
  not_applicable INTEGER NOT NULL,
  PRIMARY KEY (day, framework)
);
CREATE INDEX journal_by_entity ON journal(entity, entity_id, seq);
)SQL"},
      {5, "evidence blobs in the database and job leases (several servers on one PostgreSQL)",
       R"SQL(
CREATE TABLE blobs (
  sha256     TEXT PRIMARY KEY,
  size       INTEGER NOT NULL,
  chunks     INTEGER NOT NULL
);
CREATE TABLE blob_chunks (
  sha256 TEXT NOT NULL,
  n      INTEGER NOT NULL,
  data   BLOB NOT NULL,
  PRIMARY KEY (sha256, n)
);
CREATE TABLE leases (
  name       TEXT PRIMARY KEY,
  holder     TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
)SQL"},
      {6, "automated evidence: imports, findings, collectors and their runs, scoped API tokens",
       R"SQL(
CREATE TABLE imports (
  id             TEXT PRIMARY KEY,
  format         TEXT NOT NULL,
  filename       TEXT NOT NULL,
  sha256         TEXT NOT NULL,
  size           INTEGER NOT NULL,
  scope          TEXT NOT NULL,
  evidence_id    TEXT,
  findings       INTEGER NOT NULL,
  passed         INTEGER NOT NULL,
  failed         INTEGER NOT NULL,
  errors         INTEGER NOT NULL,
  not_applicable INTEGER NOT NULL,
  suppressed     INTEGER NOT NULL,
  mapped         INTEGER NOT NULL,
  checks         INTEGER NOT NULL,
  runs           TEXT NOT NULL,
  warnings       TEXT NOT NULL,
  error          TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  created_at     INTEGER NOT NULL
);
CREATE INDEX imports_by_time ON imports(created_at);
CREATE TABLE findings (
  import_id     TEXT NOT NULL REFERENCES imports(id) ON DELETE CASCADE
                DEFERRABLE INITIALLY DEFERRED,  -- the import row is written last
  n             INTEGER NOT NULL,
  tool          TEXT NOT NULL,
  rule_id       TEXT NOT NULL,
  rule_name     TEXT NOT NULL,
  status        TEXT NOT NULL,
  status_detail TEXT NOT NULL,
  suppressed    INTEGER NOT NULL,
  severity      TEXT NOT NULL,
  resource      TEXT NOT NULL,
  message       TEXT NOT NULL,
  observed_at   INTEGER,
  tags          TEXT NOT NULL,
  controls      TEXT NOT NULL,
  byte_offset   INTEGER NOT NULL,
  PRIMARY KEY (import_id, n)
);
CREATE TABLE collectors (
  id                  TEXT PRIMARY KEY,
  name                TEXT NOT NULL,
  kind                TEXT NOT NULL CHECK (kind IN ('command', 'file', 'host')),
  config              TEXT NOT NULL,
  schedule            TEXT NOT NULL,
  controls            TEXT NOT NULL,
  freshness_seconds   INTEGER NOT NULL,
  evidence_valid_days INTEGER NOT NULL,
  enabled             INTEGER NOT NULL,
  version             INTEGER NOT NULL,
  created_by          TEXT NOT NULL,
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);
CREATE TABLE collector_runs (
  id            INTEGER PRIMARY KEY,
  collector_id  TEXT NOT NULL REFERENCES collectors(id) ON DELETE CASCADE,
  trigger_kind  TEXT NOT NULL,
  scheduled_for INTEGER,
  started_at    INTEGER NOT NULL,
  finished_at   INTEGER NOT NULL,
  outcome       TEXT NOT NULL,
  message       TEXT NOT NULL,
  missed        INTEGER NOT NULL,
  evidence_id   TEXT NOT NULL,
  runner        TEXT NOT NULL
);
CREATE INDEX collector_runs_by_collector ON collector_runs(collector_id, id);
ALTER TABLE check_results ADD COLUMN source TEXT NOT NULL DEFAULT '';
CREATE INDEX check_results_by_source ON check_results(source);
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'full';
)SQL"},
      {7, "measurements of AI systems and the key that signs them", R"SQL(
CREATE TABLE signing_keys (
  id         TEXT PRIMARY KEY,
  algorithm  TEXT NOT NULL,
  public_key TEXT NOT NULL,
  secret_key TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE measurements (
  id            TEXT PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('fairness', 'drift', 'quality')),
  subject       TEXT NOT NULL,
  verdict       TEXT NOT NULL CHECK (verdict IN ('pass', 'fail', 'inconclusive')),
  summary       TEXT NOT NULL,
  inputs        TEXT NOT NULL,
  evidence_id   TEXT NOT NULL,
  signing_key   TEXT NOT NULL REFERENCES signing_keys(id),
  created_by    TEXT NOT NULL,
  created_at    INTEGER NOT NULL
);
CREATE INDEX measurements_by_subject ON measurements(subject, created_at);
)SQL"},
      {8,
       "registers: risks, risk matrices, assets, AI systems, impact assessments, life-cycle "
       "events, suppliers",
       R"SQL(
CREATE TABLE register_entries (
  kind       TEXT NOT NULL,
  id         TEXT NOT NULL,
  version    INTEGER NOT NULL,
  fields     TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (kind, id)
);
CREATE TABLE register_versions (
  kind       TEXT NOT NULL,
  id         TEXT NOT NULL,
  version    INTEGER NOT NULL,
  fields     TEXT NOT NULL,
  changed_by TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  removed    INTEGER NOT NULL,
  PRIMARY KEY (kind, id, version)
);
CREATE TABLE register_links (
  kind        TEXT NOT NULL,
  id          TEXT NOT NULL,
  field       TEXT NOT NULL,
  target_kind TEXT NOT NULL,
  target_id   TEXT NOT NULL,
  PRIMARY KEY (kind, id, field, target_id)
);
CREATE INDEX register_links_by_target ON register_links(target_kind, target_id);
)SQL"},
      {9, "Statement of Applicability: declared inclusion reasons, review dates, approvals",
       R"SQL(
ALTER TABLE requirement_decisions ADD COLUMN reasons TEXT NOT NULL DEFAULT '';
ALTER TABLE requirement_decisions ADD COLUMN reason_note TEXT NOT NULL DEFAULT '';
ALTER TABLE requirement_decisions ADD COLUMN review_by TEXT NOT NULL DEFAULT '';
CREATE TABLE soa_approvals (
  scope            TEXT NOT NULL,
  version          INTEGER NOT NULL,
  approved_by      TEXT NOT NULL,
  approved_at      INTEGER NOT NULL,
  statement        TEXT NOT NULL,
  statement_sha256 TEXT NOT NULL,
  document         TEXT NOT NULL,
  PRIMARY KEY (scope, version)
);
)SQL"},
      {10, "frameworks imported from OSCAL catalogs and profiles", R"SQL(
ALTER TABLE frameworks ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE frameworks ADD COLUMN oscal TEXT NOT NULL DEFAULT '';
ALTER TABLE requirement_groups ADD COLUMN parent TEXT NOT NULL DEFAULT '';
ALTER TABLE requirement_groups ADD COLUMN oscal TEXT NOT NULL DEFAULT '';
ALTER TABLE requirements ADD COLUMN parent TEXT NOT NULL DEFAULT '';
ALTER TABLE requirements ADD COLUMN statement TEXT NOT NULL DEFAULT '';
ALTER TABLE requirements ADD COLUMN oscal TEXT NOT NULL DEFAULT '';
)SQL"},
  };
  return all;
}

}  // namespace crosswalk::store
