#include "service/rules.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/rules_reader.h"

namespace crosswalk::service {

namespace fs = std::filesystem;

namespace {

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot be read");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Result<Rules> load_rules(Workspace& ws, const std::vector<std::string>& extra_files) {
  auto cat = ws.store().load_catalog();
  if (!cat.ok()) return cat.status();
  std::vector<std::pair<std::string, std::string>> files = catalog::embedded_rule_files();
  const fs::path own = fs::path(ws.options().data_dir) / "rules";
  std::error_code ec;
  if (fs::is_directory(own, ec)) {
    std::vector<fs::path> paths;
    for (const auto& entry : fs::directory_iterator(own, ec))
      if (entry.path().extension() == ".json") paths.push_back(entry.path());
    std::sort(paths.begin(), paths.end());
    for (const fs::path& p : paths) {
      auto text = read_text(p.string());
      if (!text.ok()) return text.status();
      files.emplace_back(p.string(), std::move(text.value()));
    }
  }
  for (const std::string& p : extra_files) {
    auto text = read_text(p);
    if (!text.ok()) return text.status();
    files.emplace_back(p, std::move(text.value()));
  }
  auto set = catalog::read_rules(files, cat.value());
  if (!set.ok()) return set.status();
  Rules r{std::move(cat.value()), std::move(set.value()), domain::TemplateIndex({}), {}};
  r.index = domain::TemplateIndex(r.catalog.templates);
  for (const auto& f : files) r.files.push_back(f.first);
  return r;
}

}  // namespace crosswalk::service
