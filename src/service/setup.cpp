#include "service/setup.h"

namespace crosswalk::service {

Result<catalog::Catalog> load_source_catalog(const WorkspaceOptions& options) {
  if (options.catalog_dir.empty()) return catalog::load_catalog(catalog::embedded_catalog_files());
  auto files = catalog::read_catalog_dir(options.catalog_dir);
  if (!files.ok()) return files.status();
  auto cat = catalog::load_catalog(std::move(files).value());
  if (!cat.ok()) return cat.status().with_context("catalog " + options.catalog_dir);
  return cat;
}

Result<InitReport> initialize(Workspace& ws, const catalog::Catalog& cat,
                              const store::Actor& actor) {
  auto before = ws.store().catalog_sha256();
  if (!before.ok()) return before.status();
  InitReport report;
  report.seeded = before.value() != cat.sha256;
  if (report.seeded) CW_RETURN_IF_ERROR(ws.store().seed_catalog(cat, actor));
  report.catalog_sha256 = cat.sha256;
  report.frameworks = cat.frameworks.size();
  for (const auto& fw : cat.frameworks) report.requirements += fw.requirements().size();
  report.crosswalks = cat.crosswalks.size();
  report.templates = cat.templates.size();
  return report;
}

}  // namespace crosswalk::service
