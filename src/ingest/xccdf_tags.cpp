#include "ingest/xccdf_tags.h"

#include "ingest/normalize.h"
#include "ingest/xml_stream.h"

#include <algorithm>
#include <cctype>

namespace crosswalk::ingest {
namespace {

using domain::FindingStatus;
using normalize::add_tag;
using normalize::lower_ascii;

bool contains(std::string_view s, std::string_view part) {
  return s.find(part) != std::string_view::npos;
}

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// Splits on commas, semicolons and white space.
std::vector<std::string_view> ids_in(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool sep = i == text.size() || text[i] == ',' || text[i] == ';' ||
                     std::isspace(static_cast<unsigned char>(text[i]));
    if (!sep) continue;
    if (i > start) out.push_back(text.substr(start, i - start));
    start = i + 1;
  }
  return out;
}

// "a.12.6.1", "a.8.8", "4.1": a dotted number, optionally after "a.".
bool is_iso_control(std::string_view id) {
  const bool annex = id.starts_with("a.");
  if (annex) id.remove_prefix(2);
  if (id.empty() || id.front() == '.' || id.back() == '.') return false;
  if (!std::all_of(id.begin(), id.end(), [](char c) { return is_digit(c) || c == '.'; }))
    return false;
  return annex || contains(id, ".");
}

// "352" -> "cci-000352"; "cci-000366" stays; anything else "".
std::string cci_id(std::string_view id) {
  if (id.starts_with("cci-")) id.remove_prefix(4);
  if (id.empty() || id.size() > 6 || !std::all_of(id.begin(), id.end(), is_digit)) return "";
  return "cci-" + std::string(6 - id.size(), '0') + std::string(id);
}

}  // namespace

std::optional<FindingStatus> xccdf_status(std::string_view r) {
  if (r == "pass" || r == "fixed") return FindingStatus::kPass;
  if (r == "fail") return FindingStatus::kFail;
  if (r == "error" || r == "unknown") return FindingStatus::kError;
  if (r == "notapplicable" || r == "notchecked" || r == "informational")
    return FindingStatus::kNotApplicable;
  return std::nullopt;
}

void add_ident_tags(std::string_view system, std::string_view value,
                    std::vector<std::string>* tags) {
  const std::string v = lower_ascii(collapse_xml_space(value));
  if (v.empty()) return;
  const std::string sys = lower_ascii(system);
  if (contains(sys, "cce")) return add_tag(tags, "cce:" + v);
  if (contains(sys, "cci")) {
    const std::string cci = cci_id(v);
    if (!cci.empty()) return add_tag(tags, "cci:" + cci);
  }
  add_tag(tags, "ident:" + v);
}

void add_reference_tags(std::string_view href, std::string_view text,
                        std::vector<std::string>* tags) {
  const std::string h = lower_ascii(href);
  const std::string t = lower_ascii(collapse_xml_space(text));
  std::string scheme;
  if (contains(h, "54534") || (contains(t, "27001") && contains(t, "2013"))) {
    scheme = "iso27001-2013";
  } else if (contains(h, "82875") || contains(t, "27001:2022") || contains(t, "27001-2022")) {
    scheme = "iso27001-2022";
  } else if (contains(h, "800-53")) {
    scheme = "nist800-53";
  } else if (contains(h, "cci")) {
    scheme = "cci";
  } else {
    if (!t.empty() || !h.empty()) add_tag(tags, "ref:" + (t.empty() ? h : t));
    return;
  }
  for (std::string_view id : ids_in(t)) {
    if (scheme == "cci") {
      const std::string cci = cci_id(id);
      if (!cci.empty()) add_tag(tags, "cci:" + cci);
    } else if (scheme == "nist800-53" || is_iso_control(id)) {
      add_tag(tags, scheme + ":" + std::string(id));
    }
  }
}

ToolName tool_from_test_system(std::string_view ts) {
  std::string_view rest;
  if (ts.starts_with("cpe:/")) {
    rest = ts.substr(5);
  } else if (ts.starts_with("cpe:2.3:")) {
    rest = ts.substr(8);
  } else {
    return {collapse_xml_space(ts), ""};
  }
  std::vector<std::string_view> parts;  // part, vendor, product, version, ...
  for (std::size_t start = 0;;) {
    const std::size_t colon = rest.find(':', start);
    parts.push_back(rest.substr(start, colon - start));
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (parts.size() < 3 || parts[2].empty()) return {std::string(ts), ""};
  ToolName out{std::string(parts[2]), parts.size() > 3 ? std::string(parts[3]) : ""};
  if (out.name == "openscap") out.name = "OpenSCAP";
  if (out.version == "*" || out.version == "-") out.version.clear();
  return out;
}

}  // namespace crosswalk::ingest
