// An HTTP/1.1 server (Boost.Beast) that hands each request to one function. Keep-alive, request
// size limits, timeouts, and graceful shutdown: on stop() it accepts nothing new, lets requests in
// flight finish, and closes idle connections.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/message.h"

namespace crosswalk::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (see Server::port())
  int threads = 2;
  std::size_t body_limit = 1 << 20;
};

using Handler = std::function<Response(const Request&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; fails with a clear message (address in use, bad address).
  Status listen();
  std::uint16_t port() const;
  // Serves until stop() or SIGINT/SIGTERM; returns when every connection is closed.
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crosswalk::http
