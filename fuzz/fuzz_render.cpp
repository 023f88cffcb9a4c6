// libFuzzer target: the pages' templates and escaping (docs/fuzzing.md). Byte 0 of the input picks
// one of the real templates, byte 1 which quarters of its names are false, the rest is a string V.
// Every name the templates use ({{name}}, {{#name}}, {{can.x}}) gets the text "QzA" V "QzB" and
// the page goes the real way (render_content, then the layout, as a signed-in user of that name);
// an error page carries V as its title and message. Each marked spot of the output must hold V
// HTML-escaped, and the page with those spots emptied must be the page rendered for an empty V:
// whatever a user writes (tags, quotes, "{{x}}", bytes that are not UTF-8) shows as text in its
// own spot and changes nothing else. Rendering must not throw. The view_format helpers are
// checked on V too.
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "fuzz_support.h"
#include "http/router.h"
#include "web/embedded.h"
#include "web/site.h"
#include "web/view_format.h"

namespace {

using crosswalk::fuzz::broken;
namespace http = crosswalk::http;
namespace web = crosswalk::web;
using json = nlohmann::ordered_json;

constexpr std::string_view kOpen = "QzA", kClose = "QzB";

struct Page {
  std::string name;                // templates/NAME.mustache
  std::vector<std::string> names;  // the names it and its partials use, in order of appearance
};

std::string_view source_of(std::string_view name) {
  const std::string path = "templates/" + std::string(name) + ".mustache";
  for (const web::EmbeddedFile& f : web::embedded_files())
    if (f.path == path) return f.content;
  broken("no template", name);
}

// The names in a template's tags ("{{x}}", "{{#x}}", "{{^x}}", "{{/x}}", "{{{x}}}", "{{&x}}"),
// then those of the partials it includes ("{{> name}}").
void collect_names(std::string_view t, std::vector<std::string>& names,
                   std::set<std::string>& seen) {
  for (auto at = t.find("{{"); at != std::string_view::npos; at = t.find("{{", at)) {
    at += 2;
    const auto end = t.find("}}", at);
    if (end == std::string_view::npos) return;
    std::string_view tag = t.substr(at, end - at);
    const char sigil = tag.empty() ? ' ' : tag[0];
    if (std::strchr("#^/&{!>=", sigil)) tag.remove_prefix(1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (sigil == '>' && seen.insert(">" + std::string(tag)).second)
      collect_names(source_of(tag), names, seen);
    else if (!std::strchr("!>=", sigil) && !tag.empty() && tag != "." &&
             seen.insert(std::string(tag)).second)
      names.emplace_back(tag);
  }
}

// Every page template (not the layout, not the partials "_name").
const std::vector<Page>& pages() {
  static const std::vector<Page> all = [] {
    std::vector<Page> out;
    for (const web::EmbeddedFile& f : web::embedded_files()) {
      constexpr std::string_view dir = "templates/", ext = ".mustache";
      if (f.path.rfind(dir, 0) != 0) continue;
      Page p{std::string(f.path.substr(dir.size(), f.path.size() - dir.size() - ext.size())), {}};
      if (p.name[0] == '_' || p.name == "layout") continue;
      std::set<std::string> seen;
      collect_names(f.content, p.names, seen);
      out.push_back(std::move(p));
    }
    return out;
  }();
  return all;
}

// Every name set to `value`, or to false where `mask` (4 bits) says so ("a.b" as {"a": {"b": …}}).
json view_model(const Page& page, const std::string& value, std::uint8_t mask) {
  json data = json::object();
  const auto& names = page.names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const json v = (mask >> (i % 4)) & 1 ? json(false) : json(value);
    json* at = &data;
    std::string_view name = names[i];
    for (auto dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.')) {
      json& inner = (*at)[std::string(name.substr(0, dot))];
      if (!inner.is_object()) inner = json::object();
      at = &inner;
      name.remove_prefix(dot + 1);
    }
    if (const std::string key(name); !at->contains(key)) (*at)[key] = v;
  }
  return data;
}

std::string html_escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The page with every marked spot checked and emptied.
std::string emptied(const std::string& page, const std::string& escaped) {
  std::string out;
  std::size_t from = 0;
  for (auto at = page.find(kOpen); at != std::string::npos; at = page.find(kOpen, from)) {
    const auto close = page.find(kClose, at + kOpen.size());
    if (close == std::string::npos) broken("a marked spot is not closed");
    const std::string_view spot =
        std::string_view(page).substr(at + kOpen.size(), close - at - kOpen.size());
    if (spot != escaped) broken("a spot does not hold the text escaped", spot);
    out.append(page, from, at - from);
    out.append(kOpen).append(kClose);
    from = close + kClose.size();
  }
  out.append(page, from);
  return out;
}

struct Pages {
  std::string page, error;
};

Pages render(const Page& tmpl, const std::string& v, std::uint8_t mask) {
  const std::string marked = std::string(kOpen) + v + std::string(kClose);
  http::Request req;
  req.method = "GET";
  req.path = "/";
  http::Call call{
      req, {}, http::Principal{marked, crosswalk::domain::Role::kAdmin, marked, "", false}};
  return {web::page(call, marked, "controls", tmpl.name, view_model(tmpl, marked, mask)).body,
          web::error_page(call, 400, marked, marked).body};
}

void check_helpers(const std::string& v, const std::uint8_t* data, std::size_t size) {
  const bool utf8 = crosswalk::is_valid_utf8(v);
  const std::size_t max = size ? data[size - 1] : 0;
  const std::string clipped = web::clip(v, max);
  if (clipped != v) {
    const std::string kept = clipped.substr(0, clipped.size() - std::strlen("…"));
    if (kept.size() > max || v.rfind(kept, 0) != 0 || clipped.substr(kept.size()) != "…")
      broken("clip: not a prefix of the text", clipped);
  }
  if (utf8 && !crosswalk::is_valid_utf8(clipped)) broken("clip cut a character", clipped);

  // Where a check result came from: a link on this site to the import or collector it names.
  const json source = web::source_json(v);
  const std::string href = source["href"];
  if (utf8) crosswalk::fuzz::check_json(source);
  for (const char* prefix : {"import:", "collector:"}) {
    if (v.rfind(prefix, 0) != 0 || v.find('\0') != std::string::npos) continue;
    std::string path;
    std::map<std::string, std::string> query;
    const std::string base = prefix[0] == 'i' ? "/imports/" : "/collectors/";
    if (!http::parse_target(href, path, query) || path != base + v.substr(std::strlen(prefix)) ||
        !query.empty())
      broken("source_json: the link does not lead to the source", href);
  }
  if (!href.empty() && (href[0] != '/' || href.find_first_of("?#\"'<> ") != std::string::npos))
    broken("source_json: not a plain link on this site", href);

  // Times from year 0 to 9999, the range of every stored timestamp.
  std::int64_t t = 0;
  std::memcpy(&t, data, std::min(size, sizeof t));
  constexpr std::int64_t kFirst = -62167219200, kLast = 253402300799;
  t = kFirst + static_cast<std::int64_t>(static_cast<std::uint64_t>(t) %
                                         static_cast<std::uint64_t>(kLast - kFirst + 1));
  const std::string w = web::when(t);
  if (w.size() != 20 || w.substr(16) != " UTC") broken("when", w);
  const std::string d = web::duration(t);
  if (d.empty() || d.find_first_not_of("0123456789 hmins") != std::string::npos)
    broken("duration", d);
  if (!v.empty() && web::joined({v, v}) != v + ", " + v) broken("joined");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::string v(reinterpret_cast<const char*>(data + 2), size - 2);
  check_helpers(v, data, size);
  if (v.find("Qz") != std::string::npos) return 0;  // would be taken for a marker
  const Page& tmpl = pages()[data[0] % pages().size()];
  const std::uint8_t mask = data[1] % 16;
  const Pages got = render(tmpl, v, mask);
  // The same page for an empty V, rendered once per template and mask.
  static std::map<std::pair<std::size_t, std::uint8_t>, Pages> empty_pages;
  const auto key = std::make_pair(data[0] % pages().size(), mask);
  auto it = empty_pages.find(key);
  if (it == empty_pages.end()) it = empty_pages.emplace(key, render(tmpl, "", mask)).first;
  const Pages& empty = it->second;
  const std::string escaped = html_escaped(v);
  if (emptied(got.page, escaped) != empty.page)
    broken("user text changed the page outside its spots", tmpl.name);
  if (emptied(got.error, escaped) != empty.error)
    broken("user text changed the error page outside its spots");
  return 0;
}
