#include "service/framework_import.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "common/sha256.h"
#include "domain/time.h"
#include "oscal/catalog_reader.h"
#include "oscal/catalog_writer.h"
#include "oscal/document.h"
#include "oscal/profile_resolver.h"

namespace crosswalk::service {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::uintmax_t kMaxDocument = 256u << 20;

Result<std::string> read_file(const std::string& path) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) return Status::NotFound(path + ": cannot read (" + ec.message() + ")");
  if (size > kMaxDocument) return Status::InvalidInput(path + ": larger than 256 MB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// JSON text, or where it stops being JSON as line and column.
Result<json> parse(const std::string& name, const std::string& text) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string why = e.what();
    auto colon = why.rfind(": ");
    return Status::InvalidInput(name + ": line " + std::to_string(line) + ", column " +
                                std::to_string(column) + ": not valid JSON (" +
                                (colon == std::string::npos ? why : why.substr(colon + 2)) + ")");
  }
}

std::string base_name(const std::string& href) {
  auto cut = href.find_last_of('/');
  return cut == std::string::npos ? href : href.substr(cut + 1);
}

// Finds what a profile imports, on this machine only.
class LocalLoader {
 public:
  LocalLoader(Workspace& ws, const std::vector<std::string>& catalogs, std::string base_dir)
      : ws_(ws), base_dir_(std::move(base_dir)) {
    for (const auto& c : catalogs) given_[base_name(c)] = c;
  }
  void add(const std::map<std::string, std::string>& named) {
    for (const auto& [name, path] : named) given_[base_name(name)] = path;
  }

  Result<oscal::LoadedDocument> operator()(const std::string& href, const std::string&) {
    std::string path = href.rfind("file://", 0) == 0 ? href.substr(7) : href;
    const std::string base = base_name(path);
    if (auto it = given_.find(base); it != given_.end()) return load_path(it->second);
    const bool remote = href.find("://") != std::string::npos && href.rfind("file://", 0) != 0;
    if (!remote && !base_dir_.empty()) {
      fs::path local = fs::path(path).is_absolute() ? fs::path(path) : fs::path(base_dir_) / path;
      std::error_code ec;
      if (fs::is_regular_file(local, ec)) return load_path(local.string());
    }
    auto cat = ws_.store().load_catalog();
    if (!cat.ok()) return cat.status();
    for (const auto& fw : cat->frameworks) {
      if (!fw.imported()) continue;
      json origin = json::parse(fw.origin);
      if (origin.value("file", "") != base) continue;
      auto kept = ws_.store().framework_oscal(fw.id);
      if (!kept.ok()) return kept.status();
      oscal::KeptOscal k{kept->document_oscal, kept->group_oscal, kept->requirement_oscal};
      used_.push_back("framework " + fw.id);
      json doc = json::parse(oscal::write_catalog(fw, k, 0).dump());
      return oscal::LoadedDocument{std::move(doc), "framework " + fw.id};
    }
    return Status::NotFound("cannot resolve '" + href + "': no local copy of " + base +
                            "; give it with --catalog FILE or import it first (imports are "
                            "never fetched from the network)");
  }

  const std::vector<std::string>& used() const { return used_; }

 private:
  Result<oscal::LoadedDocument> load_path(const std::string& path) {
    auto text = read_file(path);
    if (!text.ok()) return text.status();
    auto doc = parse(path, text.value());
    if (!doc.ok()) return doc.status();
    std::error_code ec;
    auto canonical = fs::weakly_canonical(path, ec);
    used_.push_back(base_name(path));
    return oscal::LoadedDocument{std::move(doc).value(), ec ? path : canonical.string()};
  }

  Workspace& ws_;
  std::string base_dir_;
  std::map<std::string, std::string> given_;
  std::vector<std::string> used_;
};

bool valid_framework_id(const std::string& id) {
  static const std::regex pattern("^[a-z0-9][a-z0-9._-]{0,63}$");
  return std::regex_match(id, pattern);
}

Result<FrameworkImportOutcome> import_document(Workspace& ws, const std::string& file_name,
                                               const std::string& text, std::string base_dir,
                                               const FrameworkImportOptions& options,
                                               const store::Actor& actor, std::int64_t now) {
  auto doc = parse(file_name, text);
  if (!doc.ok()) return doc.status();
  auto root = oscal::root_of(doc.value());
  if (!root.ok()) return root.status().with_context(file_name);
  if (root.value() != "catalog" && root.value() != "profile")
    return Status::InvalidInput(file_name + ": $." + root.value() + ": this is an OSCAL " +
                                root.value() + "; `framework import` takes a catalog or a profile");
  if (!options.framework_id.empty() && !valid_framework_id(options.framework_id))
    return Status::InvalidInput("--id '" + options.framework_id +
                                "': use lower-case letters, digits, '.', '-' and '_' (at most 64)");

  LocalLoader loader(ws, options.catalogs, std::move(base_dir));
  loader.add(options.named_catalogs);
  json catalog_doc;
  if (root.value() == "profile") {
    auto resolved = oscal::resolve_profile(
        doc.value(), file_name,
        [&loader](const std::string& href, const std::string& from) { return loader(href, from); });
    if (!resolved.ok()) return resolved.status();
    catalog_doc = std::move(resolved).value();
  } else {
    catalog_doc = std::move(doc).value();
  }
  auto imported = oscal::read_catalog(catalog_doc, {options.framework_id, options.name});
  if (!imported.ok()) return imported.status().with_context(file_name);
  auto& fw = imported->framework;
  if (!valid_framework_id(fw.id))
    return Status::InvalidInput(file_name + ": the framework id '" + fw.id +
                                "' taken from the document is not usable; give one with --id");

  // A resolved profile carries the profile's metadata.
  const json& source_meta = catalog_doc["catalog"]["metadata"];
  json origin = {{"model", root.value()},
                 {"file", base_name(file_name)},
                 {"sha256", sha256_hex(text)},
                 {"uuid", catalog_doc["catalog"]["uuid"]},
                 {"title", source_meta.value("title", "")},
                 {"version", source_meta.value("version", "")},
                 {"oscal_version", source_meta.value("oscal-version", "")},
                 {"last_modified", source_meta.value("last-modified", "")},
                 {"imported_at", domain::format_datetime(now)},
                 {"imported_by", actor.name}};
  if (!loader.used().empty()) origin["resolved_with"] = loader.used();
  fw.origin = origin.dump();

  FrameworkImportOutcome out;
  out.framework_id = fw.id;
  out.model = root.value();
  out.requirements = fw.requirements().size();
  out.controls = imported->controls;
  out.withdrawn = imported->withdrawn;
  store::FrameworkImport record{fw, imported->group_oscal, imported->requirement_oscal,
                                imported->document_oscal};
  if (options.dry_run) {
    auto cat = ws.store().load_catalog();
    if (!cat.ok()) return cat.status();
    const auto* old = cat->find_framework(fw.id);
    if (old && !old->imported())
      return Status::Conflict("'" + fw.id + "' is a built-in framework; import under another id");
    out.report.created = old == nullptr;
    auto changes = domain::compare_frameworks(old, fw);
    out.report.added = std::move(changes.added);
    out.report.removed = std::move(changes.removed);
    out.report.changed = std::move(changes.changed);
    return out;
  }
  auto report = ws.store().import_framework(record, actor);
  if (!report.ok()) return report.status();
  out.report = std::move(report).value();
  return out;
}

}  // namespace

Result<FrameworkImportOutcome> import_framework_file(Workspace& ws, const std::string& path,
                                                     const FrameworkImportOptions& options,
                                                     const store::Actor& actor, std::int64_t now) {
  auto text = read_file(path);
  if (!text.ok()) return text.status();
  const fs::path dir = fs::path(path).parent_path();
  return import_document(ws, path, text.value(), dir.empty() ? "." : dir.string(), options, actor,
                         now);
}

nlohmann::ordered_json import_outcome_json(const FrameworkImportOutcome& o, bool dry_run) {
  const auto& r = o.report;
  return {{"framework", o.framework_id},
          {"model", o.model},
          {"created", r.created},
          {"dry_run", dry_run},
          {"requirements", o.requirements},
          {"controls", o.controls},
          {"withdrawn", o.withdrawn},
          {"added", r.added},
          {"removed", r.removed},
          {"changed", r.changed},
          {"dropped_links", r.dropped_links}};
}

Result<FrameworkImportOutcome> import_framework_text(Workspace& ws, const std::string& file_name,
                                                     const std::string& text,
                                                     const FrameworkImportOptions& options,
                                                     const store::Actor& actor, std::int64_t now) {
  return import_document(ws, file_name, text, "", options, actor, now);
}

}  // namespace crosswalk::service
