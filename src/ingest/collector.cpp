// Collector configuration (JSON in and out, validation) and the dispatch to the runners.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>
#include <set>

#include "common/utf8.h"
#include "ingest/collector_internal.h"
#include "ingest/line_match.h"

namespace crosswalk::ingest {
namespace {

using nlohmann::json;

Status field_error(const std::string& field, const std::string& message) {
  return Status::InvalidInput("field \"" + field + "\": " + message);
}

bool absolute_path(const std::string& p) {
  return !p.empty() && p[0] == '/' && p.find('\0') == std::string::npos;
}

Status check_regex(const std::string& field, const std::string& pattern) {
  if (pattern.empty()) return Status::Ok();
  try {
    compile_pattern(pattern);
  } catch (const std::regex_error& e) {
    if (e.code() == std::regex_constants::error_complexity)
      return field_error(field, "back-references are not supported");
    return field_error(field, "not a valid ECMAScript regex: " + std::string(e.what()));
  }
  return Status::Ok();
}

// Reads the fields of a JSON object, refusing unknown ones.
class Fields {
 public:
  static Result<Fields> open(const json& j, std::vector<std::string> known) {
    if (!j.is_object()) return Status::InvalidInput("the configuration must be a JSON object");
    for (const auto& [key, value] : j.items()) {
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      return Status::InvalidInput("unknown field \"" + key + "\" (known: " + list + ")");
    }
    return Fields(j);
  }
  Status string(const char* name, std::string& out) const {
    if (!j_.contains(name)) return Status::Ok();
    if (!j_[name].is_string()) return field_error(name, "must be a string");
    out = j_[name].get<std::string>();
    return Status::Ok();
  }
  template <typename Int>
  Status integer(const char* name, Int& out, std::int64_t lo, std::int64_t hi) const {
    if (!j_.contains(name)) return Status::Ok();
    const json& v = j_[name];
    if (!v.is_number_integer() || v.get<std::int64_t>() < lo || v.get<std::int64_t>() > hi ||
        (v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(hi)))
      return field_error(name,
                         "must be an integer " + std::to_string(lo) + ".." + std::to_string(hi));
    out = Int(v.get<std::int64_t>());
    return Status::Ok();
  }
  Status strings(const char* name, std::vector<std::string>& out) const {
    if (!j_.contains(name)) return Status::Ok();
    if (!j_[name].is_array()) return field_error(name, "must be an array of strings");
    for (const json& item : j_[name]) {
      if (!item.is_string()) return field_error(name, "must be an array of strings");
      out.push_back(item.get<std::string>());
    }
    return Status::Ok();
  }

 private:
  explicit Fields(const json& j) : j_(j) {}
  const json& j_;
};

constexpr std::int64_t kMaxOutputBytes = std::int64_t{256} << 20;

}  // namespace

Status keep_json_report(EvidenceFile& file, const nlohmann::json& report, std::string name,
                        CollectorOutput& out) {
  CW_RETURN_IF_ERROR(
      file.write(report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"));
  auto path = file.keep();
  if (!path.ok()) return path.status();
  out.evidence_file = *path;
  out.evidence_name = std::move(name);
  return Status::Ok();
}

Status validate(const CommandConfig& c) {
  if (c.argv.empty()) return field_error("argv", "must list the program and its arguments");
  if (!absolute_path(c.argv[0]))
    return field_error(
        "argv", "argv[0] must be an absolute path, got \"" + printable_excerpt(c.argv[0]) + "\"");
  for (std::size_t i = 0; i < c.argv.size(); ++i)
    if (c.argv[i].find('\0') != std::string::npos)
      return field_error("argv", "argv[" + std::to_string(i) + "] contains a NUL byte");
  if (c.timeout_seconds < 1 || c.timeout_seconds > 86400)
    return field_error("timeout_seconds", "must be an integer 1..86400");
  if (c.max_output_bytes < 1 || c.max_output_bytes > kMaxOutputBytes)
    return field_error("max_output_bytes",
                       "must be an integer 1.." + std::to_string(kMaxOutputBytes));
  if (!c.working_directory.empty() && !absolute_path(c.working_directory))
    return field_error("working_directory", "must be an absolute path");
  CW_RETURN_IF_ERROR(check_regex("pass_pattern", c.pass_pattern));
  return check_regex("fail_pattern", c.fail_pattern);
}

Status validate(const FileConfig& c) {
  if (!absolute_path(c.path)) return field_error("path", "must be an absolute path");
  if (c.review_every_days && (*c.review_every_days < 1 || *c.review_every_days > 36500))
    return field_error("review_every_days", "must be an integer 1..36500");
  return Status::Ok();
}

Status validate(const HostConfig& c) {
  if (!absolute_path(c.root)) return field_error("root", "must be an absolute path");
  const std::vector<HostCheckInfo> known = host_checks();
  std::set<std::string> seen;
  for (const std::string& id : c.checks) {
    if (!seen.insert(id).second) return field_error("checks", "\"" + id + "\" is listed twice");
    if (std::any_of(known.begin(), known.end(), [&](const auto& k) { return k.id == id; }))
      continue;
    std::string list;
    for (const HostCheckInfo& k : known) list += (list.empty() ? "" : ", ") + k.id;
    return field_error(
        "checks", "unknown host check \"" + printable_excerpt(id) + "\" (known: " + list + ")");
  }
  return Status::Ok();
}

std::string_view kind_of(const CollectorConfig& config) {
  static constexpr std::string_view kKinds[] = {"command", "file", "host"};
  return kKinds[config.index()];
}

Result<CollectorConfig> parse_collector_config(std::string_view kind, const json& j) {
  if (kind == "command") {
    auto f = Fields::open(j, {"argv", "timeout_seconds", "pass_pattern", "fail_pattern",
                              "max_output_bytes", "working_directory"});
    if (!f.ok()) return f.status();
    CommandConfig c;
    CW_RETURN_IF_ERROR(f->strings("argv", c.argv));
    CW_RETURN_IF_ERROR(f->integer("timeout_seconds", c.timeout_seconds, 1, 86400));
    CW_RETURN_IF_ERROR(f->string("pass_pattern", c.pass_pattern));
    CW_RETURN_IF_ERROR(f->string("fail_pattern", c.fail_pattern));
    CW_RETURN_IF_ERROR(f->integer("max_output_bytes", c.max_output_bytes, 1, kMaxOutputBytes));
    CW_RETURN_IF_ERROR(f->string("working_directory", c.working_directory));
    CW_RETURN_IF_ERROR(validate(c));
    return CollectorConfig(std::move(c));
  }
  if (kind == "file") {
    auto f = Fields::open(j, {"path", "review_every_days"});
    if (!f.ok()) return f.status();
    FileConfig c;
    CW_RETURN_IF_ERROR(f->string("path", c.path));
    if (j.contains("review_every_days")) {
      int days = 0;
      CW_RETURN_IF_ERROR(f->integer("review_every_days", days, 1, 36500));
      c.review_every_days = days;
    }
    CW_RETURN_IF_ERROR(validate(c));
    return CollectorConfig(std::move(c));
  }
  if (kind == "host") {
    auto f = Fields::open(j, {"checks", "root"});
    if (!f.ok()) return f.status();
    HostConfig c;
    CW_RETURN_IF_ERROR(f->strings("checks", c.checks));
    CW_RETURN_IF_ERROR(f->string("root", c.root));
    CW_RETURN_IF_ERROR(validate(c));
    return CollectorConfig(std::move(c));
  }
  return Status::InvalidInput("unknown collector kind \"" + printable_excerpt(kind) +
                              "\" (known: command, file, host)");
}

json config_to_json(const CollectorConfig& config) {
  if (const auto* c = std::get_if<CommandConfig>(&config)) {
    json j = {{"argv", c->argv},
              {"timeout_seconds", c->timeout_seconds},
              {"max_output_bytes", c->max_output_bytes}};
    if (!c->pass_pattern.empty()) j["pass_pattern"] = c->pass_pattern;
    if (!c->fail_pattern.empty()) j["fail_pattern"] = c->fail_pattern;
    if (!c->working_directory.empty()) j["working_directory"] = c->working_directory;
    return j;
  }
  if (const auto* c = std::get_if<FileConfig>(&config)) {
    json j = {{"path", c->path}};
    if (c->review_every_days) j["review_every_days"] = *c->review_every_days;
    return j;
  }
  const auto& c = std::get<HostConfig>(config);
  return {{"checks", c.checks}, {"root", c.root}};
}

Result<CollectorOutput> run_collector(const CollectorConfig& config, const std::string& output_dir,
                                      domain::Timestamp now) {
  if (const auto* c = std::get_if<CommandConfig>(&config))
    return run_command_collector(*c, output_dir, now);
  if (const auto* c = std::get_if<FileConfig>(&config))
    return run_file_collector(*c, output_dir, now);
  return run_host_collector(std::get<HostConfig>(config), output_dir, now);
}

}  // namespace crosswalk::ingest
