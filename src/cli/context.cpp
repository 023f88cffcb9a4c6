#include "cli/context.h"

#include <cstdlib>
#include <ctime>
#include <iostream>

#include "domain/time.h"

namespace crosswalk::cli {

domain::Timestamp Context::now() const {
  if (const char* fixed = std::getenv("CROSSWALK_NOW"); fixed && *fixed)
    if (auto t = domain::parse_datetime(fixed)) return *t;
  return std::time(nullptr);
}

store::Actor Context::actor() const {
  const char* user = std::getenv("USER");
  return {std::string("cli:") + (user && *user ? user : "unknown"), now()};
}

Result<std::unique_ptr<service::Workspace>> Context::open(bool create) const {
  return service::Workspace::open(options, create);
}

void Context::print_json(const nlohmann::ordered_json& j) const {
  // Text stored before it was validated is shown with U+FFFD rather than failing the command.
  std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
}

int Context::fail(const Status& s) {
  std::cerr << "crosswalk: " << s.message() << "\n";
  exit_code = s.code() == Status::Code::kCorruption ? kExitCheckFailed : kExitUsage;
  return exit_code;
}

}  // namespace crosswalk::cli
