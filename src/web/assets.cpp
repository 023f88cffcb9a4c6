#include "web/assets.h"

#include <map>

#include "common/sha256.h"
#include "web/embedded.h"
#include "web/site.h"

namespace crosswalk::web {
namespace {

struct Asset {
  std::string_view content;
  std::string type;
  std::string version;  // first 12 hex digits of the content's SHA-256
};

std::string content_type_of(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.substr(path.size() - ext.size()) == ext;
  };
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

const std::map<std::string, Asset>& assets() {
  static const std::map<std::string, Asset> all = [] {
    std::map<std::string, Asset> m;
    for (const EmbeddedFile& f : embedded_files()) {
      if (f.path.rfind("static/", 0) != 0) continue;
      const std::string name(f.path.substr(7));
      m[name] = {f.content, content_type_of(f.path),
                 sha256_hex(std::string(f.content)).substr(0, 12)};
    }
    return m;
  }();
  return all;
}

}  // namespace

std::string asset_url(const std::string& name) {
  auto it = assets().find(name);
  return "/static/" + name + (it == assets().end() ? "" : "?v=" + it->second.version);
}

void add_asset_routes(http::Api& api) {
  add_page(api, "GET", "/static/{name}", std::nullopt, "Stylesheet, script and icons",
           [](http::Call& c) {
             auto it = assets().find(c.params.at("name"));
             if (it == assets().end())
               return error_page(c, 404, "Not found", "There is no such file.");
             http::Response r{200, it->second.type, std::string(it->second.content), {}};
             r.headers.emplace_back("ETag", "\"" + it->second.version + "\"");
             r.headers.emplace_back("Cache-Control", "public, max-age=31536000, immutable");
             return r;
           });
}

}  // namespace crosswalk::web
