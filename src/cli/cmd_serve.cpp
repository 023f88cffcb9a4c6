#include <iostream>

#include "cli/context.h"
#include "http/api.h"
#include "http/server.h"
#include "service/setup.h"

namespace crosswalk::cli {

namespace {

// "HOST:PORT" or ":PORT" or "PORT".
bool parse_listen(const std::string& s, http::ServerOptions& o) {
  const auto colon = s.rfind(':');
  const std::string host = colon == std::string::npos ? "" : s.substr(0, colon);
  const std::string port = colon == std::string::npos ? s : s.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
    return false;
  const unsigned long p = std::stoul(port);
  if (p > 65535) return false;
  o.port = static_cast<std::uint16_t>(p);
  if (!host.empty())
    o.host = host.front() == '[' && host.back() == ']' ? host.substr(1, host.size() - 2) : host;
  return true;
}

}  // namespace

void register_serve(CLI::App& app, Context& ctx) {
  struct Args {
    std::string listen = "127.0.0.1:8080";
    int threads = 2;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Run the HTTP server (creates and seeds the data directory if needed)");
  cmd->add_option("--listen", args->listen,
                  "Address to listen on, HOST:PORT (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--threads", args->threads, "Server threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  cmd->callback([&ctx, args] {
    http::ServerOptions options;
    options.threads = args->threads;
    if (!parse_listen(args->listen, options))
      return void(ctx.fail(Status::InvalidInput("--listen '" + args->listen +
                                                "': expected HOST:PORT, e.g. 127.0.0.1:8080")));
    auto cat = service::load_source_catalog(ctx.options);
    if (!cat.ok()) return void(ctx.fail(cat.status()));
    {
      auto ws = ctx.open(/*create=*/true);
      if (!ws.ok()) return void(ctx.fail(ws.status()));
      auto init = service::initialize(*ws.value(), cat.value(), ctx.actor());
      if (!init.ok()) return void(ctx.fail(init.status()));
    }
    http::Api api(
        ctx.options, [&ctx] { return ctx.now(); }, std::cerr);
    http::Server server(options, [&api](const http::Request& r) { return api.handle(r); });
    if (Status s = server.listen(); !s.ok()) return void(ctx.fail(s));
    std::cout << "Crosswalk listening on http://" << options.host << ":" << server.port()
              << std::endl;
    server.run();
    std::cout << "Crosswalk stopped" << std::endl;
  });
}

}  // namespace crosswalk::cli
