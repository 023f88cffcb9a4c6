#include <iostream>

#include "cli/context.h"
#include "cli/table.h"
#include "domain/time.h"
#include "service/accounts.h"
#include "service/views.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

namespace {

void user_add_command(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string name, role;
    bool password_stdin = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* add =
      cmd->add_subcommand("add", "Create a user account (the first one is usually an admin)");
  add->add_option("NAME", args->name, "User name")->required();
  add->add_option("--role", args->role, "admin | manager | contributor | auditor | viewer")
      ->required();
  add->add_flag("--password-stdin", args->password_stdin, "Read the password from standard input")
      ->required();
  add->callback([&ctx, args] {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto user = service::add_user(*ws.value(), args->name, args->role, password, ctx.actor());
    if (!user.ok()) return void(ctx.fail(user.status()));
    if (ctx.json) return ctx.print_json({{"name", user->name}, {"role", d::to_string(user->role)}});
    std::cout << "Created user " << user->name << " (" << d::to_string(user->role) << ")\n";
  });
}

void user_list_command(CLI::App* cmd, Context& ctx) {
  CLI::App* list = cmd->add_subcommand("list", "List user accounts");
  list->callback([&ctx] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto users = ws.value()->store().users();
    if (!users.ok()) return void(ctx.fail(users.status()));
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& u : users.value()) out.push_back(service::user_json(u));
      return ctx.print_json(out);
    }
    std::vector<std::vector<std::string>> rows{{"NAME", "ROLE", "CREATED"}};
    for (const auto& u : users.value())
      rows.push_back({u.name, std::string(d::to_string(u.role)), d::format_date(u.created_at)});
    print_table(rows);
  });
}

void token_create_command(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string user, label = "cli", scope = "full";
    std::optional<int> days;
  };
  auto args = std::make_shared<Args>();
  CLI::App* create =
      cmd->add_subcommand("create", "Create an API token for scripts and CI (shown once)");
  create->add_option("--user", args->user, "The user the token acts as")->required();
  create->add_option("--label", args->label, "What the token is for")->capture_default_str();
  create->add_option("--expires-days", args->days, "Days until it expires (default: never)");
  create
      ->add_option(
          "--scope", args->scope,
          "full (acts with the user's role) or import (may only push tool results and "
          "check results and post measurements: POST /api/v1/imports, /api/v1/check-results, "
          "/api/v1/measurements)")
      ->capture_default_str();
  create->callback([&ctx, args] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto t = service::create_token(*ws.value(), args->user, args->label, args->days, ctx.actor(),
                                   args->scope);
    if (!t.ok()) return void(ctx.fail(t.status()));
    if (ctx.json) return ctx.print_json(service::new_token_json(t->record, t->secret));
    std::cout << t->secret << "\n";
    std::cerr << "Token " << t->record.id << " for " << t->record.user
              << (t->record.scope == "import" ? " (import only)" : "")
              << ": store it now, it cannot be shown again.\n";
  });
}

void token_list_command(CLI::App* cmd, Context& ctx) {
  CLI::App* list = cmd->add_subcommand("list", "List API tokens (never their secrets)");
  list->callback([&ctx] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto tokens = ws.value()->store().tokens();
    if (!tokens.ok()) return void(ctx.fail(tokens.status()));
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& t : tokens.value()) out.push_back(service::token_json(t));
      return ctx.print_json(out);
    }
    std::vector<std::vector<std::string>> rows{
        {"ID", "USER", "SCOPE", "CREATED", "EXPIRES", "LABEL"}};
    for (const auto& t : tokens.value())
      rows.push_back({t.id, t.user, t.scope, d::format_date(t.created_at),
                      t.expires_at ? d::format_date(*t.expires_at) : "never", t.label});
    print_table(rows);
  });
}

}  // namespace

void register_user(CLI::App& app, Context& ctx) {
  CLI::App* user = app.add_subcommand("user", "User accounts");
  user->require_subcommand(1);
  user_add_command(user, ctx);
  user_list_command(user, ctx);
  CLI::App* token = app.add_subcommand("token", "API tokens for scripts and CI");
  token->require_subcommand(1);
  token_create_command(token, ctx);
  token_list_command(token, ctx);
}

}  // namespace crosswalk::cli
