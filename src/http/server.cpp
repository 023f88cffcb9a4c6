#include "http/server.h"

#include <unistd.h>

#include <array>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <filesystem>
#include <limits>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "common/temp_file.h"
#include "http/multipart.h"

namespace crosswalk::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(30);
constexpr auto kDrainTimeout = std::chrono::seconds(5);

class Session;

// Live sessions, so stop() can close idle ones.
struct Registry {
  std::mutex mutex;
  std::set<Session*> sessions;
  bool stopping = false;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Handler& handler, Registry& registry,
          const ServerOptions& options)
      : stream_(std::move(socket)), handler_(handler), registry_(registry), options_(options) {}

  ~Session() {
    std::lock_guard lock(registry_.mutex);
    registry_.sessions.erase(this);
  }

  void start() {
    {
      std::lock_guard lock(registry_.mutex);
      if (registry_.stopping) return;
      registry_.sessions.insert(this);
    }
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

  // Called from stop(): closes the connection if it is waiting for a request.
  void close_if_idle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->stream_.socket().close();
    });
  }

 private:
  // The header is read first; its Content-Type decides where the body goes (memory or a file).
  using HeadParser = bhttp::request_parser<bhttp::empty_body>;
  using TextParser = bhttp::request_parser<bhttp::string_body>;
  using FileParser = bhttp::request_parser<bhttp::file_body>;

  void read() {
    text_.reset();
    file_.reset();
    upload_.reset();
    head_.emplace();
    // Checked in on_header, by kind of body (Boost 1.74 treats boost::none as a zero limit).
    head_->body_limit(std::numeric_limits<std::uint64_t>::max());
    busy_ = false;
    head_request_ = false;
    stream_.expires_after(kIdleTimeout);
    bhttp::async_read_header(
        stream_, buffer_, *head_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return close();  // closed, timed out or not HTTP
    busy_ = true;
    const auto& head = head_->get();
    const auto type = head[bhttp::field::content_type];
    const bool upload = is_multipart_form(std::string_view(type.data(), type.size()));
    const std::uint64_t limit = upload ? options_.upload_limit : options_.body_limit;
    if (const auto length = head_->content_length(); length && *length > limit)
      return too_large(upload);
    if (upload && options_.admit_upload) {
      Request r;
      if (!to_request(head_->get(), r)) return bad_target();
      if (std::optional<Response> refused = options_.admit_upload(r)) {
        keep_alive_ = false;
        lingering_ = true;  // the client may be sending the body already
        return write(std::move(*refused));
      }
    }
    if (beast::iequals(head[bhttp::field::expect], "100-continue")) {
      auto go_on =
          std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, 11);
      return bhttp::async_write(
          stream_, *go_on,
          [self = shared_from_this(), go_on, upload, limit](beast::error_code ec, std::size_t) {
            if (ec) return self->close();
            self->read_body(upload, limit);
          });
    }
    read_body(upload, limit);
  }

  void read_body(bool upload, std::uint64_t limit) {
    stream_.expires_after(kIdleTimeout);
    if (!upload) {
      text_.emplace(std::move(*head_));
      text_->body_limit(limit);
      return bhttp::async_read(
          stream_, buffer_, *text_,
          [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
    }
    auto tmp = TempFile::create(options_.scratch_dir);
    beast::error_code ec;
    if (tmp.ok()) {
      file_.emplace(std::move(*head_));
      file_->body_limit(limit);
      beast::file f;
      f.native_handle(tmp->release_fd());
      file_->get().body().reset(std::move(f), ec);
      upload_.emplace(std::move(tmp).value());
    }
    if (!tmp.ok() || ec) {
      upload_.reset();
      lingering_ = true;
      return reply_error(500, "internal", "the server cannot store the upload");
    }
    read_upload();
  }

  // Chunk by chunk, so the idle timeout applies between chunks rather than to the whole upload.
  void read_upload() {
    if (file_->is_done()) return on_body({});
    stream_.expires_after(kIdleTimeout);
    bhttp::async_read_some(stream_, buffer_, *file_,
                           [self = shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec) return self->on_body(ec);
                             self->read_upload();
                           });
  }

  void on_body(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) return too_large(file_.has_value());
    if (ec) {
      upload_.reset();
      return close();
    }
    Request r;
    if (text_) {
      if (!to_request(text_->get(), r)) return bad_target();
      r.body = std::move(text_->get().body());
    } else {
      if (!to_request(file_->get(), r)) return bad_target();
      beast::error_code ignored;
      file_->get().body().file().close(ignored);
      r.body_file = upload_->path();
    }
    Response res;
    try {
      res = handler_(r);
    } catch (const std::exception& e) {
      res = {500,
             "application/json",
             R"({"error":{"code":"internal","message":"internal error"}})",
             {}};
      add_security_headers(res);
    }
    upload_.reset();  // the handler is done with it, whatever it did
    write(std::move(res));
  }

  template <class Message>
  bool to_request(Message& msg, Request& r) {
    r.method = std::string(msg.method_string());
    if (!parse_target(std::string(msg.target()), r.path, r.query)) return false;
    for (const auto& field : msg) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = std::string(field.value());
    }
    beast::error_code ignored;
    r.remote = stream_.socket().remote_endpoint(ignored).address().to_string();
    keep_alive_ = msg.keep_alive();
    head_request_ = msg.method() == bhttp::verb::head;
    return true;
  }

  void bad_target() {
    upload_.reset();
    reply_error(400, "bad_request", "the request target is not a valid URL path");
  }

  void too_large(bool upload) {
    upload_.reset();
    lingering_ = true;
    const std::uint64_t limit = upload ? options_.upload_limit : options_.body_limit;
    reply_error(413, "payload_too_large",
                std::string(upload ? "uploads" : "request bodies") + " are limited to " +
                    (limit % (1 << 20) == 0 ? std::to_string(limit >> 20) + " MiB"
                                            : std::to_string(limit) + " bytes"));
  }

  void reply_error(int status, const std::string& code, const std::string& message) {
    keep_alive_ = false;
    Response res{status,
                 "application/json",
                 R"({"error":{"code":")" + code + R"(","message":")" + message + "\"}}",
                 {}};
    add_security_headers(res);  // refused before the application saw it: same headers
    write(std::move(res));
  }

  template <class Body>
  void set_headers(bhttp::response<Body>& msg, const Response& res) {
    msg.set(bhttp::field::server, "crosswalk");
    msg.set(bhttp::field::content_type, res.content_type);
    for (auto& [name, value] : res.headers) msg.set(name, value);
    bool stopping;
    {
      std::lock_guard lock(registry_.mutex);
      stopping = registry_.stopping;
    }
    msg.keep_alive(keep_alive_ && !stopping);
  }

  void write(Response res) {
    if (!res.body_file.empty()) return write_file(std::move(res));
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(res.status), 11);
    set_headers(*msg, res);
    msg->body() = std::move(res.body);
    msg->prepare_payload();
    if (head_request_) msg->body().clear();  // Content-Length stays that of the GET answer
    bhttp::async_write(stream_, *msg,
                       [self = shared_from_this(), msg](beast::error_code ec, std::size_t) {
                         self->after_write(ec, msg->keep_alive());
                       });
  }

  void write_file(Response res) {
    bhttp::file_body::value_type body;
    beast::error_code ec;
    body.open(res.body_file.c_str(), beast::file_mode::scan, ec);
    // Open, it stays readable until sent; unlinked now, nothing is left behind whatever happens.
    if (res.remove_body_file) ::unlink(res.body_file.c_str());
    if (ec)
      return write({500,
                    "application/json",
                    R"({"error":{"code":"internal","message":"cannot read the stored file"}})",
                    {}});
    if (head_request_) {
      auto msg = std::make_shared<bhttp::response<bhttp::empty_body>>(
          static_cast<bhttp::status>(res.status), 11);
      set_headers(*msg, res);
      msg->content_length(body.size());
      return bhttp::async_write(
          stream_, *msg, [self = shared_from_this(), msg](beast::error_code ec, std::size_t) {
            self->after_write(ec, msg->keep_alive());
          });
    }
    auto msg = std::make_shared<bhttp::response<bhttp::file_body>>(
        static_cast<bhttp::status>(res.status), 11);
    set_headers(*msg, res);
    msg->body() = std::move(body);
    msg->prepare_payload();
    write_file_part(msg, std::make_shared<bhttp::response_serializer<bhttp::file_body>>(*msg));
  }

  // Chunk by chunk, so the idle timeout applies between chunks rather than to the whole file.
  void write_file_part(std::shared_ptr<bhttp::response<bhttp::file_body>> msg,
                       std::shared_ptr<bhttp::response_serializer<bhttp::file_body>> sr) {
    stream_.expires_after(kIdleTimeout);
    bhttp::async_write_some(
        stream_, *sr, [self = shared_from_this(), msg, sr](beast::error_code ec, std::size_t) {
          if (ec || sr->is_done()) return self->after_write(ec, msg->keep_alive());
          self->write_file_part(msg, sr);
        });
  }

  void after_write(beast::error_code ec, bool keep_alive) {
    if (!ec && keep_alive) return read();
    if (!ec && lingering_) return drain_then_close();
    close();
  }

  // After refusing a body the client may still be sending it: closing with its data unread would
  // reset the connection, and the client could lose the answer before reading it.
  void drain_then_close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kDrainTimeout);
    drain();
  }

  void drain() {
    stream_.async_read_some(asio::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) return self->close();
                              self->drain();
                            });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<HeadParser> head_;
  std::optional<TextParser> text_;
  std::optional<FileParser> file_;
  std::optional<TempFile> upload_;  // the body file of the request being read
  const Handler& handler_;
  Registry& registry_;
  const ServerOptions& options_;
  std::array<char, 16384> drain_buffer_;
  bool keep_alive_ = false;
  bool head_request_ = false;
  bool lingering_ = false;
  bool busy_ = false;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  asio::signal_set signals{io, SIGINT, SIGTERM};
  Registry registry;

  void accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec) return;  // closed by stop()
      std::make_shared<Session>(std::move(socket), handler, registry, options)->start();
      accept();
    });
  }

  void stop() {
    asio::post(io, [this] {
      beast::error_code ignored;
      acceptor.close(ignored);
      signals.cancel(ignored);
      std::vector<std::shared_ptr<Session>> live;
      {
        std::lock_guard lock(registry.mutex);
        registry.stopping = true;
        for (Session* s : registry.sessions) live.push_back(s->weak_from_this().lock());
      }
      for (auto& s : live)
        if (s) s->close_if_idle();
    });
  }
};

Server::Server(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

Server::~Server() = default;

Status Server::listen() {
  std::string& scratch = impl_->options.scratch_dir;
  std::error_code fs_ec;
  if (scratch.empty()) scratch = std::filesystem::temp_directory_path(fs_ec).string();
  std::filesystem::create_directories(scratch, fs_ec);
  if (fs_ec)
    return Status::IoError("cannot create the upload directory " + scratch + ": " +
                           fs_ec.message());
  remove_stale_temp_files(scratch);
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec)
    return Status::InvalidInput("--listen: '" + impl_->options.host + "' is not an IP address");
  const tcp::endpoint endpoint{address, impl_->options.port};
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return Status::IoError("cannot listen on " + impl_->options.host + ":" +
                           std::to_string(impl_->options.port) + ": " + ec.message());
  return Status::Ok();
}

std::uint16_t Server::port() const {
  return impl_->acceptor.local_endpoint().port();
}

void Server::run() {
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) stop();
  });
  impl_->accept();
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.threads; ++i)
    threads.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  impl_->stop();
}

}  // namespace crosswalk::http
