// The subcommands every register has (list, show, add, edit, remove, history), with one
// option per field of the kind (--field-name VALUE, repeated for fields holding several).
#pragma once

#include <functional>

#include "cli/context.h"
#include "service/registers.h"

namespace crosswalk::cli {

struct RegisterCommandOptions {
  std::string kind;
  // How `list` prints rows in text; the default shows the id, the title and a few fields.
  std::function<void(service::Workspace&, const std::vector<store::RegisterEntry>&)> print_list;
  // What `--json list` prints; the default is every entry's fields.
  std::function<Result<nlohmann::ordered_json>(service::Workspace&)> list_json;
};

// Returns the parent command `name` it created under `parent`.
CLI::App* add_register_commands(CLI::App& parent, Context& ctx, const std::string& name,
                                const std::string& description,
                                const RegisterCommandOptions& options);

// "label: value" lines of an entry's fields, in the kind's order.
void print_entry_fields(const store::RegisterEntry& entry);

}  // namespace crosswalk::cli
