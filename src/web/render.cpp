#include "web/render.h"

#include <kainjow/mustache.hpp>
#include <map>
#include <memory>
#include <stdexcept>

#include "web/embedded.h"

namespace crosswalk::web {
namespace {

namespace mu = kainjow::mustache;

std::string_view template_source(const std::string& name) {
  const std::string path = "templates/" + name + ".mustache";
  for (const EmbeddedFile& f : embedded_files())
    if (f.path == path) return f.content;
  throw std::logic_error("no template " + path);
}

mu::data to_data(const nlohmann::ordered_json& j);

// Partials are looked up by name when a template uses {{> name}}.
void add_partials(mu::data& d) {
  for (const EmbeddedFile& f : embedded_files()) {
    const std::string_view p = f.path;
    if (p.rfind("templates/_", 0) != 0) continue;
    const std::string name(p.substr(10, p.size() - 10 - std::string_view(".mustache").size()));
    const std::string body(f.content);
    d.set(name, mu::partial([body] { return body; }));
  }
}

mu::data to_data(const nlohmann::ordered_json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mu::data d{mu::data::type::object};
      for (const auto& [k, v] : j.items()) d.set(k, to_data(v));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mu::data d{mu::data::type::list};
      for (const auto& v : j) d.push_back(to_data(v));
      return d;
    }
    case nlohmann::json::value_t::string: {
      // kainjow treats "" as true in {{#section}}; as false it renders the same in {{value}}.
      const std::string& v = j.get_ref<const std::string&>();
      return v.empty() ? mu::data{false} : mu::data{v};
    }
    case nlohmann::json::value_t::boolean:
      return mu::data{j.get<bool>()};
    case nlohmann::json::value_t::null:
      return mu::data{false};
    default:
      return mu::data{j.dump()};
  }
}

// Parsed templates, one set per thread: rendering mutates a template's internal state.
mu::mustache& compiled(const std::string& name) {
  thread_local std::map<std::string, std::unique_ptr<mu::mustache>> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    auto t = std::make_unique<mu::mustache>(std::string(template_source(name)));
    if (!t->is_valid()) throw std::logic_error("template " + name + ": " + t->error_message());
    it = cache.emplace(name, std::move(t)).first;
  }
  return *it->second;
}

}  // namespace

std::string render(const std::string& name, const nlohmann::ordered_json& data) {
  mu::data d = to_data(data);
  add_partials(d);
  return compiled(name).render(d);
}

}  // namespace crosswalk::web
