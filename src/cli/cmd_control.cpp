#include <iostream>

#include "cli/context.h"
#include "cli/table.h"
#include "service/controls.h"
#include "service/snapshot.h"
#include "service/views.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

namespace {

void adopt_command(CLI::App* cmd, Context& ctx) {
  struct Args {
    bool all = false;
    std::vector<std::string> ids;
  };
  auto args = std::make_shared<Args>();
  CLI::App* adopt =
      cmd->add_subcommand("adopt", "Adopt control templates as the organization's controls");
  adopt->add_flag("--all", args->all, "Adopt every template of the library");
  adopt->add_option("TEMPLATE", args->ids, "Template ids, e.g. TEC-08 AI-03");
  adopt->callback([&ctx, args] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto adopted = service::adopt_templates(*ws.value(), args->ids, args->all, ctx.actor());
    if (!adopted.ok()) return void(ctx.fail(adopted.status()));
    if (ctx.json) return ctx.print_json({{"adopted", adopted.value()}});
    std::cout << "Adopted " << adopted->size() << " control" << (adopted->size() == 1 ? "" : "s")
              << (adopted->empty() ? " (all were already adopted)" : "") << "\n";
  });
}

void list_command(CLI::App* cmd, Context& ctx) {
  CLI::App* list =
      cmd->add_subcommand("list", "List the organization's controls with their status");
  list->callback([&ctx] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto snap = service::take_snapshot(ws.value()->store(), ctx.now());
    if (!snap.ok()) return void(ctx.fail(snap.status()));
    const auto& s = *snap.value();
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (std::size_t i = 0; i < s.org.controls.size(); ++i)
        out.push_back(service::control_json(s, i, nullptr));
      return ctx.print_json(out);
    }
    std::vector<std::vector<std::string>> rows{{"ID", "IMPLEMENTATION", "STATUS", "TITLE"}};
    for (std::size_t i = 0; i < s.org.controls.size(); ++i)
      rows.push_back(
          {s.org.controls[i].id, std::string(d::to_string(s.org.controls[i].implementation)),
           std::string(d::to_string(s.assessment.controls[i].state)), s.org.controls[i].title});
    print_table(rows);
  });
}

void show_command(CLI::App* cmd, Context& ctx) {
  auto id = std::make_shared<std::string>();
  CLI::App* show = cmd->add_subcommand("show", "Show one control: status, reason, requirements");
  show->add_option("ID", *id, "Control id")->required();
  show->callback([&ctx, id] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto snap = service::take_snapshot(ws.value()->store(), ctx.now());
    if (!snap.ok()) return void(ctx.fail(snap.status()));
    auto records = ws.value()->store().controls();
    if (!records.ok()) return void(ctx.fail(records.status()));
    const auto& s = *snap.value();
    auto index = s.control_index(*id);
    if (!index)
      return void(ctx.fail(
          Status::NotFound("unknown control '" + *id + "' (see `crosswalk control list`)")));
    const store::ControlRecord* record = nullptr;
    for (const auto& r : records.value())
      if (r.control.id == *id) record = &r;
    nlohmann::ordered_json j = service::control_json(s, *index, record);
    if (ctx.json) return ctx.print_json(j);
    std::cout << j["id"].get<std::string>() << "  " << j["title"].get<std::string>() << "\n"
              << "implementation: " << j["implementation"].get<std::string>() << "\n"
              << "status:         " << j["status"].get<std::string>() << " — "
              << j["reason"].get<std::string>() << "\n"
              << "version:        " << j["version"] << "\n\n"
              << j["description"].get<std::string>() << "\n\nRequirements:\n";
    for (const auto& l : j["requirements"])
      std::cout << "  " << l["framework"].get<std::string>() << " " << l["ref"].get<std::string>()
                << " (" << l["coverage"].get<std::string>() << ")\n";
  });
}

void set_status_command(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string id, status;
    std::optional<std::int64_t> version;
  };
  auto args = std::make_shared<Args>();
  CLI::App* set = cmd->add_subcommand("set-status", "Record how far a control is implemented");
  set->add_option("ID", args->id, "Control id")->required();
  set->add_option("STATUS", args->status, "not-implemented | planned | partial | implemented")
      ->required();
  set->add_option("--if-version", args->version,
                  "Refuse (exit 2) unless the control is still at this version");
  set->callback([&ctx, args] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    Status s = service::set_control_status(*ws.value(), args->id, args->status, args->version,
                                           ctx.actor());
    if (!s.ok()) return void(ctx.fail(s));
    if (ctx.json) return ctx.print_json({{"id", args->id}, {"implementation", args->status}});
    std::cout << args->id << ": " << args->status << "\n";
  });
}

void templates_command(CLI::App* cmd, Context& ctx) {
  CLI::App* list = cmd->add_subcommand("templates", "List the control template library");
  list->callback([&ctx] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto cat = ws.value()->store().load_catalog();
    if (!cat.ok()) return void(ctx.fail(cat.status()));
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& t : cat->templates) out.push_back(service::template_json(t));
      return ctx.print_json(out);
    }
    std::vector<std::vector<std::string>> rows{{"ID", "DOMAIN", "LINKS", "TITLE"}};
    for (const auto& t : cat->templates)
      rows.push_back({t.id, t.domain, std::to_string(t.links.size()), t.title});
    print_table(rows);
  });
}

// Adds requirement links to a control (any framework, imported ones too), keeping the others.
void link_command(CLI::App* cmd, Context& ctx) {
  struct Args {
    std::string id;
    std::vector<std::string> refs;
    bool partial = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* link = cmd->add_subcommand("link", "Link a control to requirements it serves");
  link->add_option("ID", args->id, "Control id")->required();
  link->add_option("REQUIREMENT", args->refs, "FRAMEWORK:REF, e.g. sp800-53:ac-2 (repeatable)")
      ->required();
  link->add_flag("--partial", args->partial, "The control serves them in part");
  link->callback([&ctx, args] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto records = ws.value()->store().controls();
    if (!records.ok()) return void(ctx.fail(records.status()));
    const store::ControlRecord* record = nullptr;
    for (const auto& r : records.value())
      if (r.control.id == args->id) record = &r;
    if (!record) return void(ctx.fail(Status::NotFound("no control '" + args->id + "'")));
    store::ControlDefinition def{record->control.id, record->control.title, record->description,
                                 record->control.links};
    for (const std::string& ref : args->refs) {
      auto colon = ref.find(':');
      if (colon == std::string::npos || colon == 0 || colon + 1 == ref.size())
        return void(ctx.fail(Status::InvalidInput("'" + ref + "': expected FRAMEWORK:REF")));
      d::RequirementLink l{ref.substr(0, colon), ref.substr(colon + 1),
                           args->partial ? d::Coverage::kPartial : d::Coverage::kFull};
      bool present = false;
      for (auto& existing : def.links)
        if (existing.framework == l.framework && existing.ref == l.ref) {
          existing.coverage = l.coverage;
          present = true;
        }
      if (!present) def.links.push_back(l);
    }
    Status s = service::define_control(*ws.value(), def, record->version, ctx.actor());
    if (!s.ok()) return void(ctx.fail(s));
    if (ctx.json) return ctx.print_json({{"id", args->id}, {"links", def.links.size()}});
    std::cout << args->id << ": " << def.links.size() << " requirement links\n";
  });
}

}  // namespace

void register_control(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("control", "The organization's controls");
  cmd->require_subcommand(1);
  adopt_command(cmd, ctx);
  list_command(cmd, ctx);
  show_command(cmd, ctx);
  set_status_command(cmd, ctx);
  link_command(cmd, ctx);
  templates_command(cmd, ctx);
}

}  // namespace crosswalk::cli
