// An HTTP/1.1 server (Boost.Beast) that hands each request to one function. Keep-alive, request
// size limits, timeouts, and graceful shutdown: on stop() it accepts nothing new, lets requests in
// flight finish, and closes idle connections. multipart/form-data bodies are streamed to a file
// (Request::body_file) and Response::body_file is streamed from disk, so neither is held in memory.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"
#include "http/message.h"

namespace crosswalk::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (see Server::port())
  int threads = 2;
  std::size_t body_limit = 1 << 20;  // bodies read into memory; above it: 413
  // multipart/form-data bodies go to a file in scratch_dir instead, up to upload_limit. Pass a
  // directory on the file system they will end up on (the vault's temp directory) so they can be
  // renamed, not copied. "" = the system's temp directory.
  std::uint64_t upload_limit = std::uint64_t{64} << 20;
  std::string scratch_dir;
  // Asked with an upload's header before its body is stored: a response refuses it (so nobody
  // can fill the disk without the right to upload). Unset: every upload is read.
  std::function<std::optional<Response>(const Request& head)> admit_upload;
};

using Handler = std::function<Response(const Request&)>;

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; fails with a clear message (address in use, bad address). Creates
  // scratch_dir and removes the upload files a killed server left there.
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
