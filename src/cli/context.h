// What every subcommand shares: global options, the clock, the actor, output and exit codes.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "common/status.h"
#include "service/workspace.h"
#include "store/store.h"

namespace crosswalk::cli {

// Exit codes (DESIGN.md): 0 ok, 1 a check failed, 2 bad usage or input (or the data cannot be
// used).
constexpr int kExitOk = 0;
constexpr int kExitCheckFailed = 1;
constexpr int kExitUsage = 2;

struct Context {
  service::WorkspaceOptions options;
  bool json = false;
  int exit_code = kExitOk;

  // The current time, or CROSSWALK_NOW (YYYY-MM-DD or ISO 8601 UTC) when set: lets tests and
  // what-if runs fix the date.
  domain::Timestamp now() const;
  store::Actor actor() const;
  Result<std::unique_ptr<service::Workspace>> open(bool create = false) const;

  void print_json(const nlohmann::ordered_json& j) const;
  // Prints "crosswalk: <message>" to stderr and sets the exit code; returns it.
  int fail(const Status& s);
};

// Registers each subcommand; its callback stores the exit code in ctx.
void register_init(CLI::App& app, Context& ctx);
void register_framework(CLI::App& app, Context& ctx);
void register_control(CLI::App& app, Context& ctx);
void register_evidence(CLI::App& app, Context& ctx);
void register_readiness(CLI::App& app, Context& ctx);
void register_gap(CLI::App& app, Context& ctx);
void register_journal(CLI::App& app, Context& ctx);
void register_requirement(CLI::App& app, Context& ctx);
void register_user(CLI::App& app, Context& ctx);  // user and token
void register_serve(CLI::App& app, Context& ctx);
void register_migrate(CLI::App& app, Context& ctx);
void register_import(CLI::App& app, Context& ctx);   // import and rules
void register_collect(CLI::App& app, Context& ctx);  // collect and collector
void register_ai(CLI::App& app, Context& ctx);       // ai measure, system, assess, event, card
void register_risk(CLI::App& app, Context& ctx);     // risk, asset, supplier
void register_soa(CLI::App& app, Context& ctx);
void register_audit(CLI::App& app,
                    Context& ctx);  // audit and its programmes, checks, findings, actions
void register_review(CLI::App& app, Context& ctx);      // management reviews and their actions
void register_documents(CLI::App& app, Context& ctx);   // person, document, course
void register_incident(CLI::App& app, Context& ctx);    // incidents and notifications
void register_audit_pack(CLI::App& app, Context& ctx);  // export and verify audit-pack
void register_oscal(CLI::App& app, Context& ctx);       // framework import/remove, export oscal
void register_backup(CLI::App& app,
                     Context& ctx);  // backup, restore, verify backup (after audit-pack)
void register_check(CLI::App& app, Context& ctx);  // after a crash: database, journal, vault

}  // namespace crosswalk::cli
