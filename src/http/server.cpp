#include "http/server.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace crosswalk::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(30);

class Session;

// Live sessions, so stop() can close idle ones.
struct Registry {
  std::mutex mutex;
  std::set<Session*> sessions;
  bool stopping = false;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Handler& handler, Registry& registry, std::size_t body_limit)
      : stream_(std::move(socket)),
        handler_(handler),
        registry_(registry),
        body_limit_(body_limit) {}

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
  void read() {
    parser_.emplace();
    parser_->body_limit(body_limit_);
    busy_ = false;
    stream_.expires_after(kIdleTimeout);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted) return close();
    if (ec == bhttp::error::body_limit)
      return reply_error(413, "payload_too_large", "the request body is too large");
    if (ec) return close();
    busy_ = true;
    auto& req = parser_->get();
    Request r;
    r.method = std::string(req.method_string());
    if (!parse_target(std::string(req.target()), r.path, r.query))
      return reply_error(400, "bad_request", "the request target is not a valid URL path");
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = std::string(field.value());
    }
    r.body = std::move(req.body());
    beast::error_code ignored;
    r.remote = stream_.socket().remote_endpoint(ignored).address().to_string();
    keep_alive_ = req.keep_alive();
    Response res;
    try {
      res = handler_(r);
    } catch (const std::exception& e) {
      res = {500,
             "application/json",
             R"({"error":{"code":"internal","message":"internal error"}})",
             {}};
    }
    write(std::move(res));
  }

  void reply_error(int status, const char* code, const char* message) {
    keep_alive_ = false;
    write({status,
           "application/json",
           std::string(R"({"error":{"code":")") + code + R"(","message":")" + message + "\"}}",
           {}});
  }

  void write(Response res) {
    auto msg = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(res.status), 11);
    msg->set(bhttp::field::server, "crosswalk");
    msg->set(bhttp::field::content_type, res.content_type);
    for (auto& [name, value] : res.headers) msg->set(name, value);
    bool stopping;
    {
      std::lock_guard lock(registry_.mutex);
      stopping = registry_.stopping;
    }
    msg->keep_alive(keep_alive_ && !stopping);
    msg->body() = std::move(res.body);
    msg->prepare_payload();
    bhttp::async_write(stream_, *msg,
                       [self = shared_from_this(), msg](beast::error_code ec, std::size_t) {
                         if (ec || !msg->keep_alive()) return self->close();
                         self->read();
                       });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  const Handler& handler_;
  Registry& registry_;
  std::size_t body_limit_;
  bool keep_alive_ = false;
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
      std::make_shared<Session>(std::move(socket), handler, registry, options.body_limit)->start();
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
