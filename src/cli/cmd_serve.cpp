#include <fstream>
#include <iostream>
#include <iterator>

#include "cli/context.h"
#include "http/api.h"
#include "http/server.h"
#include "service/demo.h"
#include "service/scheduler.h"
#include "service/setup.h"
#include "web/install.h"

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
    int upload_limit_mib = 64;
    bool demo = false;
    bool no_scheduler = false;
    int scheduler_tick_seconds = 30;
    std::string bench_static;
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
  cmd->add_option("--upload-limit", args->upload_limit_mib, "Largest evidence upload, in MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 16384));
  cmd->add_flag("--demo", args->demo,
                "Seed an example organization (empty data directory) and print how to sign in as "
                "`demo`; a new password at every start");
  cmd->add_flag("--no-scheduler", args->no_scheduler,
                "Do not run collectors on their schedules in this server (another server, or "
                "`crosswalk collect --due` from a system cron job, does it)");
  // Hidden: tests shorten the scheduler's tick.
  cmd->add_option("--scheduler-tick", args->scheduler_tick_seconds,
                  "Seconds between two passes of the collector scheduler")
      ->envname("CROSSWALK_SCHEDULER_TICK_SECONDS")
      ->check(CLI::Range(1, 3600))
      ->group("");
  cmd->add_option("--bench-static", args->bench_static,
                  "Benchmarks only: also serve this file, read once into memory, at GET "
                  "/bench/static (the same server answering without any work)")
      ->check(CLI::ExistingFile);
  cmd->callback([&ctx, args] {
    http::ServerOptions options;
    options.threads = args->threads;
    options.upload_limit = std::uint64_t(args->upload_limit_mib) << 20;
    if (!parse_listen(args->listen, options))
      return void(ctx.fail(Status::InvalidInput("--listen '" + args->listen +
                                                "': expected HOST:PORT, e.g. 127.0.0.1:8080")));
    std::optional<service::DemoLogin> login;
    auto cat = service::load_source_catalog(ctx.options);
    if (!cat.ok()) return void(ctx.fail(cat.status()));
    {
      auto ws = ctx.open(/*create=*/true);
      if (!ws.ok()) return void(ctx.fail(ws.status()));
      auto init = service::initialize(*ws.value(), cat.value(), ctx.actor());
      if (!init.ok()) return void(ctx.fail(init.status()));
      options.scratch_dir = ws.value()->vault().temp_dir();  // uploads are renamed into the vault
      if (args->demo) {
        auto demo = service::prepare_demo(*ws.value(), ctx.now());
        if (!demo.ok()) return void(ctx.fail(demo.status()));
        login = std::move(demo).value();
      }
    }
    http::Api api(
        ctx.options, [&ctx] { return ctx.now(); }, std::cerr);
    web::install(api);
    if (!args->bench_static.empty()) {
      std::ifstream in(args->bench_static, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      api.mutable_router().add({"GET", "/bench/static", std::nullopt,
                                "A fixed file, for benchmarks", [bytes](http::Call&) {
                                  return http::Response{200, "text/html; charset=utf-8", bytes, {}};
                                }});
    }
    options.admit_upload = [&api](const http::Request& head) { return api.admit(head); };
    http::Server server(options, [&api](const http::Request& r) { return api.handle(r); });
    if (Status s = server.listen(); !s.ok()) return void(ctx.fail(s));
    const std::string host =
        options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
    std::cout << "Crosswalk listening on http://" << host << ":" << server.port() << "/"
              << std::endl;
    if (login) {
      std::cout << "Demo organization " << (login->seeded ? "created" : "ready")
                << ". Sign in as: " << login->user << "  password: " << login->password
                << std::endl;
    } else if (auto ws = api.workspace(); ws.ok()) {
      if (auto users = ws.value()->store().users(); users.ok() && users->empty())
        std::cout << "No user yet: open the address above to create the first administrator "
                     "(or run `crosswalk user add NAME --role admin --password-stdin`)."
                  << std::endl;
    }
    // Collectors on their schedules: a thread with its own database connection, a first pass at
    // once and then one every tick; stopped with the server.
    std::unique_ptr<service::CollectorScheduler> scheduler;
    auto log_line = [](const std::string& line) { std::cerr << line + "\n" << std::flush; };
    if (!args->no_scheduler)
      scheduler = std::make_unique<service::CollectorScheduler>(service::SchedulerOptions{
          ctx.options, service::scheduler_runner_name(), [&ctx] { return ctx.now(); },
          std::chrono::seconds(args->scheduler_tick_seconds), log_line});
    server.run();
    scheduler.reset();
    std::cout << "Crosswalk stopped" << std::endl;
  });
}

}  // namespace crosswalk::cli
