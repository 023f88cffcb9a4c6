// `crosswalk risk …` (the risk register, its matrices and heat map), `crosswalk asset …` and
// `crosswalk supplier …`.
#include <iostream>

#include "cli/register_commands.h"
#include "cli/table.h"
#include "service/register_json.h"

namespace crosswalk::cli {

namespace d = crosswalk::domain;

namespace {

std::string rating_text(const d::RiskRating& r) {
  return std::to_string(r.score) + " " + r.level + " (" + std::to_string(r.likelihood) + "×" +
         std::to_string(r.impact) + ")";
}

void print_risks(service::Workspace& ws, const std::vector<store::RegisterEntry>&,
                 d::Timestamp now) {
  auto risks = service::risk_views(ws, now);
  if (!risks.ok()) {
    std::cerr << "crosswalk: " << risks.status().message() << "\n";
    return;
  }
  std::vector<std::vector<std::string>> rows{
      {"ID", "CATEGORY", "INHERENT", "CURRENT", "STATUS", "OWNER", "REVIEW", "TITLE"}};
  for (const auto& r : risks.value()) {
    const auto& f = r.entry.fields;
    std::string review = d::field_text(f, "review_date");
    if (r.evaluation.review_overdue) review += " overdue";
    rows.push_back({r.entry.id, d::field_text(f, "category"), rating_text(r.evaluation.inherent),
                    rating_text(r.evaluation.current()), r.evaluation.status,
                    d::field_text(f, "owner"), review, d::field_text(f, "title")});
  }
  print_table(rows);
}

void heatmap_command(CLI::App& risk, Context& ctx) {
  auto residual = std::make_shared<bool>(false);
  CLI::App* cmd =
      risk.add_subcommand("heatmap", "Risks per likelihood and impact, one grid per matrix in use");
  cmd->add_flag("--residual", *residual,
                "Place risks by their current rating (residual once assessed), not inherent");
  cmd->callback([&ctx, residual] {
    auto ws = ctx.open();
    if (!ws.ok()) return void(ctx.fail(ws.status()));
    auto risks = service::risk_views(*ws.value(), ctx.now());
    if (!risks.ok()) return void(ctx.fail(risks.status()));
    auto maps = service::heat_maps(risks.value(), *residual);
    if (ctx.json) return ctx.print_json(service::heat_maps_json(maps));
    for (const auto& m : maps) {
      std::cout << m.matrix.name << " (" << (*residual ? "current" : "inherent")
                << " ratings; cells: risks, level)\n";
      std::vector<std::vector<std::string>> rows;
      std::vector<std::string> header{"LIKELIHOOD \\ IMPACT"};
      for (const auto& name : m.matrix.impact) header.push_back(name);
      rows.push_back(header);
      for (const auto& row : m.map.rows) {
        std::vector<std::string> line{m.matrix.likelihood[row.front().likelihood - 1]};
        for (const auto& c : row) line.push_back(std::to_string(c.risk_ids.size()) + " " + c.level);
        rows.push_back(line);
      }
      print_table(rows);
      std::cout << "\n";
    }
    if (maps.empty()) std::cout << "no risks yet\n";
  });
}

}  // namespace

void register_risk(CLI::App& app, Context& ctx) {
  RegisterCommandOptions risks{"risk", nullptr, nullptr};
  risks.list_json = [&ctx](service::Workspace& ws) -> Result<nlohmann::ordered_json> {
    auto views = service::risk_views(ws, ctx.now());
    if (!views.ok()) return views.status();
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& r : views.value()) out.push_back(service::risk_json(r));
    return out;
  };
  risks.print_list = [&ctx](service::Workspace& ws, const std::vector<store::RegisterEntry>& e) {
    print_risks(ws, e, ctx.now());
  };
  CLI::App* risk = add_register_commands(
      app, ctx, "risk",
      "The risk register: information-security and AI risks, rated, treated and accepted", risks);
  heatmap_command(*risk, ctx);
  add_register_commands(*risk, ctx, "matrix",
                        "Risk matrices: levels, score bands and the acceptance threshold "
                        "(without one, risks use the default 5×5)",
                        {"risk_matrix", nullptr, nullptr});
  add_register_commands(app, ctx, "asset", "The asset inventory", {"asset", nullptr, nullptr});
  add_register_commands(app, ctx, "supplier",
                        "Suppliers, including AI model, data and cloud providers",
                        {"supplier", nullptr, nullptr});
}

}  // namespace crosswalk::cli
