#include "cli/register_commands.h"

#include <iostream>
#include <map>

#include "cli/table.h"
#include "domain/time.h"
#include "service/register_json.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

namespace {

std::string flag_of(const std::string& field) {
  std::string flag = "--" + field;
  for (char& c : flag)
    if (c == '_') c = '-';
  return flag;
}

bool takes_several(d::FieldType t) {
  return t == d::FieldType::kChoices || t == d::FieldType::kList || t == d::FieldType::kLinks;
}

std::string joined(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

// Options for every field; after parsing, `given` holds the fields named on the command line
// (an empty value clears a field when editing).
struct FieldOptions {
  std::map<std::string, std::vector<std::string>> values;
  std::map<std::string, CLI::Option*> options;

  void add(CLI::App& cmd, const d::RegisterKind& kind) {
    for (const d::FieldSpec& f : kind.fields) {
      std::string help = f.label;
      if (!f.options.empty()) help += " (" + joined(f.options, "|") + ")";
      if (f.type == d::FieldType::kDate) help += " (YYYY-MM-DD)";
      if (f.type == d::FieldType::kLink || f.type == d::FieldType::kLinks)
        help += " (id of " + f.target + ")";
      if (takes_several(f.type)) help += "; repeat for several";
      if (!f.help.empty()) help += ". " + f.help;
      CLI::Option* o = cmd.add_option(flag_of(f.name), values[f.name], help);
      if (takes_several(f.type))
        o->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)->allow_extra_args(false);
      else
        o->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)->allow_extra_args(false);
      options[f.name] = o;
    }
  }

  d::FieldValues given() const {
    d::FieldValues out;
    for (const auto& [name, option] : options)
      if (option->count() > 0) out[name] = values.at(name);
    return out;
  }
};

void print_default_list(const d::RegisterKind& kind,
                        const std::vector<store::RegisterEntry>& entries) {
  std::vector<const d::FieldSpec*> shown;
  for (const d::FieldSpec& f : kind.fields)
    if (f.name != kind.title_field && shown.size() < 4 &&
        (f.type == d::FieldType::kChoice || f.type == d::FieldType::kLink || f.name == "owner" ||
         f.name == "date" || f.name == "model_version"))
      shown.push_back(&f);
  std::vector<std::string> header{"ID", "VERSION"};
  for (const auto* f : shown) header.push_back(f->label);
  header.push_back(kind.field(kind.title_field)->label);
  std::vector<std::vector<std::string>> rows{header};
  for (const auto& e : entries) {
    std::vector<std::string> row{e.id, std::to_string(e.version)};
    for (const auto* f : shown) row.push_back(d::field_text(e.fields, f->name));
    row.push_back(d::field_text(e.fields, kind.title_field));
    rows.push_back(std::move(row));
  }
  print_table(rows);
}

// The fields that differ between two versions.
std::string changed_fields(const d::FieldValues& older, const d::FieldValues& newer) {
  std::vector<std::string> names;
  for (const auto& [name, v] : newer)
    if (d::field_list(older, name) != v) names.push_back(name);
  for (const auto& [name, v] : older)
    if (!newer.count(name)) names.push_back(name);
  return joined(names);
}

}  // namespace

void print_entry_fields(const store::RegisterEntry& e) {
  const d::RegisterKind* kind = d::find_register_kind(e.kind);
  std::cout << kind->label << " " << e.id << " (version " << e.version << ", changed "
            << d::format_datetime(e.updated_at) << " by " << e.updated_by << ")\n";
  for (const d::FieldSpec& f : kind->fields) {
    const auto& v = d::field_list(e.fields, f.name);
    if (v.empty()) continue;
    if (f.type == d::FieldType::kList || f.type == d::FieldType::kLongText) {
      std::cout << f.label << ":\n";
      for (const auto& line : v) std::cout << "  " << line << "\n";
    } else {
      std::cout << f.label << ": " << joined(v) << "\n";
    }
  }
}

CLI::App* add_register_commands(CLI::App& parent, Context& ctx, const std::string& name,
                                const std::string& description,
                                const RegisterCommandOptions& options) {
  const d::RegisterKind& kind = *d::find_register_kind(options.kind);
  CLI::App* group = parent.add_subcommand(name, description);
  group->require_subcommand(1);
  const std::string k = options.kind;

  CLI::App* list = group->add_subcommand("list", "The " + kind.plural + ", by id");
  list->callback([&ctx, k, options] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    if (ctx.json && options.list_json) {
      auto out = options.list_json(*ws.value());
      if (!out.ok()) return void(ctx.fail(out.status()));
      return ctx.print_json(out.value());
    }
    auto entries = ws.value()->store().register_entries(k);
    if (!entries.ok()) return void(ctx.fail(entries.status()));
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& e : entries.value()) out.push_back(service::entry_json(e));
      return ctx.print_json(out);
    }
    if (options.print_list) return options.print_list(*ws.value(), entries.value());
    print_default_list(*d::find_register_kind(k), entries.value());
  });

  auto shown_id = std::make_shared<std::string>();
  CLI::App* show = group->add_subcommand("show", "One " + kind.label + " with every field");
  show->add_option("id", *shown_id, "Its id")->required();
  show->callback([&ctx, k, shown_id] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto e = service::find_entry(*ws.value(), k, *shown_id);
    if (!e.ok()) return void(ctx.fail(e.status()));
    if (ctx.json) return ctx.print_json(service::entry_json(e.value()));
    print_entry_fields(e.value());
  });

  auto report = [&ctx](const Result<service::SavedEntry>& saved, const char* verb) {
    if (!saved.ok()) return void(ctx.fail(saved.status()));
    for (const auto& n : saved->notices) std::cerr << "crosswalk: note: " << n << "\n";
    if (ctx.json) return ctx.print_json({{"id", saved->id}, {"notices", saved->notices}});
    std::cout << verb << " " << saved->id << "\n";
  };

  auto added = std::make_shared<FieldOptions>();
  const std::string article =
      std::string("AEIOUaeiou").find(kind.label.front()) == std::string::npos ? "a " : "an ";
  CLI::App* add = group->add_subcommand(
      "add", kind.append_only
                 ? "Record " + article + kind.label + " (it cannot be changed afterwards)"
                 : "Add " + article + kind.label + "; its id is assigned");
  added->add(*add, kind);
  add->callback([&ctx, k, added, report] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    report(
        service::save_entry(*ws.value(), {k, "", added->given(), std::nullopt, true}, ctx.actor()),
        "added");
  });

  if (kind.append_only) return group;

  struct EditArgs {
    std::string id;
    std::int64_t version = 0;
    FieldOptions fields;
  };
  auto edit_args = std::make_shared<EditArgs>();
  CLI::App* edit = group->add_subcommand(
      "edit", "Change the fields named (an empty value clears one); the others stay");
  edit->add_option("id", edit_args->id, "Its id")->required();
  edit->add_option("--expect-version", edit_args->version,
                   "Refuse if the entry is no longer at this version (someone changed it)");
  edit_args->fields.add(*edit, kind);
  edit->callback([&ctx, k, edit_args, report] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto e = service::find_entry(*ws.value(), k, edit_args->id);
    if (!e.ok()) return void(ctx.fail(e.status()));
    d::FieldValues fields = e->fields;
    for (auto& [name, values] : edit_args->fields.given()) fields[name] = values;
    const std::int64_t version = edit_args->version > 0 ? edit_args->version : e->version;
    report(service::save_entry(*ws.value(), {k, edit_args->id, fields, version, true}, ctx.actor()),
           "changed");
  });

  struct RemoveArgs {
    std::string id;
    std::int64_t version = 0;
  };
  auto removed = std::make_shared<RemoveArgs>();
  CLI::App* remove = group->add_subcommand(
      "remove", "Remove a " + kind.label + " (its history stays in the journal)");
  remove->add_option("id", removed->id, "Its id")->required();
  remove->add_option("--expect-version", removed->version, "Refuse unless at this version");
  remove->callback([&ctx, k, removed] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto e = service::find_entry(*ws.value(), k, removed->id);
    if (!e.ok()) return void(ctx.fail(e.status()));
    Status s = ws.value()->store().remove_register_entry(
        k, removed->id, removed->version > 0 ? removed->version : e->version, ctx.actor());
    if (!s.ok()) return void(ctx.fail(s));
    std::cout << "removed " << removed->id << "\n";
  });

  auto history_id = std::make_shared<std::string>();
  CLI::App* history =
      group->add_subcommand("history", "Every version of a " + kind.label + ", newest first");
  history->add_option("id", *history_id, "Its id")->required();
  history->callback([&ctx, k, history_id] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto versions = ws.value()->store().register_history(k, *history_id);
    if (!versions.ok()) return void(ctx.fail(versions.status()));
    if (versions->empty())
      return void(ctx.fail(Status::NotFound("no history of '" + *history_id + "'")));
    if (ctx.json) {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const auto& v : versions.value()) out.push_back(service::entry_json(v));
      return ctx.print_json(out);
    }
    std::vector<std::vector<std::string>> rows{{"VERSION", "WHEN", "WHO", "CHANGED"}};
    const auto& all = versions.value();
    for (std::size_t i = 0; i < all.size(); ++i) {
      std::string what = i + 1 == all.size()     ? "created"
                         : all[i].fields.empty() ? "removed"
                                                 : changed_fields(all[i + 1].fields, all[i].fields);
      rows.push_back({std::to_string(all[i].version), d::format_datetime(all[i].updated_at),
                      all[i].updated_by, what});
    }
    print_table(rows);
  });
  return group;
}

}  // namespace crosswalk::cli
