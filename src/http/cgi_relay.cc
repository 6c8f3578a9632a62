// The CgiJob relay (cgi_relay.h): body → temporary file → program → chunked
// response. Memory per request stays at one 64 KiB buffer plus the CGI
// header block, whatever the sizes of the body and of the output.
#include "http/cgi_relay.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <system_error>
#include <vector>

#include "http/cgi_headers.h"
#include "http/child_process.h"
#include "http/responder.h"

namespace latchkey::http::detail {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using std::chrono::steady_clock;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kChunkBytes = std::size_t{64} * 1024;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::chrono::milliseconds kReapPoll{10};
constexpr std::size_t kLogLineBytes = 1024;
constexpr std::size_t kLogTotalBytes = std::size_t{64} * 1024;

using Pipe = asio::posix::stream_descriptor;

// What the time-limit timer's handler shares with the relay: it may run after
// the relay's frame is gone, so it holds this and nothing else.
struct ChildState {
  pid_t pid = -1;
  bool timed_out = false;
  bool reaped = false;
  std::weak_ptr<Pipe> out;
};

// Owns a started program for the relay: publishes its pid to the connection
// (Connection::kill), reports its exit once through CgiJob::on_exit, and — if
// the relay ends early (client gone, bad output, shutdown) — kills and reaps it.
class ChildGuard {
 public:
  ChildGuard(std::shared_ptr<Connection> conn, std::shared_ptr<ChildState> state, CgiJob& job)
      : conn_(std::move(conn)), state_(std::move(state)), job_(job) {
    conn_->cgi_pid = state_->pid;
  }
  ChildGuard(const ChildGuard&) = delete;
  ChildGuard& operator=(const ChildGuard&) = delete;
  ~ChildGuard() {
    if (state_->reaped) return;
    kill_group(state_->pid);
    reaped(reap(state_->pid));
  }

  void reaped(int status) {
    state_->reaped = true;
    conn_->cgi_pid = 0;
    if (auto on_exit = std::exchange(job_.on_exit, nullptr)) on_exit(status);
  }

 private:
  std::shared_ptr<Connection> conn_;
  std::shared_ptr<ChildState> state_;
  CgiJob& job_;
};

// Waits until the program exited, kills what is left of its process group
// (while the zombie still holds the group id, so no other group is hit), and
// reaps it. pidfd readiness where available, else polling.
asio::awaitable<int> wait_for_exit(ChildState& state, std::optional<Pipe>& pidfd) {
  if (pidfd) co_await pidfd->async_wait(Pipe::wait_read, kNoThrow);
  asio::steady_timer poll(co_await asio::this_coro::executor);
  for (;;) {
    siginfo_t info{};
    // WNOWAIT: look without reaping, so the zombie keeps its group id while
    // the rest of the group is killed.
    if (::waitid(P_PID, static_cast<id_t>(state.pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0)
      co_return -1;  // not our child any more: nothing to wait for
    if (info.si_pid == state.pid) {
      kill_group(state.pid);
      co_return reap(state.pid);
    }
    poll.expires_after(kReapPoll);
    co_await poll.async_wait(kNoThrow);
  }
}

// Forwards the program's stderr to CgiJob::log line by line (bounded).
asio::awaitable<void> drain_log(std::shared_ptr<Pipe> pipe,
                                std::function<void(std::string_view)> log) {
  std::vector<char> buf(4096);
  std::string line;
  std::size_t total = 0;
  auto emit = [&] {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && total < kLogTotalBytes) {
      total += line.size();
      log(line);
    }
    line.clear();
  };
  for (;;) {
    auto [ec, n] = co_await pipe->async_read_some(asio::buffer(buf), kNoThrow);
    if (ec) break;
    for (std::size_t i = 0; i < n; ++i) {
      if (buf[i] == '\n')
        emit();
      else if (line.size() < kLogLineBytes)
        line += buf[i];
    }
  }
  emit();
}

}  // namespace

RequestMeta request_meta(const wire::BeastRequest& header) {
  RequestMeta m;
  m.method = std::string(header.method_string());
  m.target = std::string(header.target());
  m.user_agent = std::string(header[bhttp::field::user_agent]);
  m.version = header.version();
  m.keep_alive = header.keep_alive();
  m.head = header.method() == bhttp::verb::head;
  m.expects_continue = wire::expects_continue(header);
  m.start = steady_clock::now();
  return m;
}

template <class Stream>
asio::awaitable<RelayOutcome> relay_cgi(ServerContext& ctx, std::shared_ptr<Connection> conn,
                                        Stream& stream, beast::flat_buffer& buffer,
                                        wire::RequestParser& header_parser, CgiJob& job,
                                        Response& extra, const RequestMeta& meta) {
  RelayOutcome out;
  if (auto id = extra.get("Request-Id")) out.request_id = std::string(*id);
  auto& lowest = beast::get_lowest_layer(stream);
  const auto deadline = meta.start + job.time_limit;
  const auto step_deadline = [&] {
    return std::min(steady_clock::now() + ctx.options.limits.body_timeout, deadline);
  };
  const auto note = [&](const std::string& text) {
    if (job.log) job.log(text);
  };
  std::vector<char> chunk(kChunkBytes);

  // 1. The request body, into an unlinked temporary file.
  const bool has_body = !header_parser.is_done();
  if (has_body && wire::limit_body(header_parser, job.max_body_bytes)) {
    out.error_status = 413;
    co_return out;
  }
  bhttp::request_parser<bhttp::buffer_body> parser(std::move(header_parser));
  std::optional<SpoolFile> spool;
  if (has_body) {
    auto file = SpoolFile::create(job.spool_dir);
    if (!file) {
      note(file.error());
      out.error_status = 500;
      co_return out;
    }
    spool.emplace(std::move(*file));
    if (meta.expects_continue) {
      lowest.expires_at(step_deadline());
      auto [ec, n] = co_await asio::async_write(stream, asio::buffer(kContinue), kNoThrow);
      if (ec) co_return out;
    }
    while (!parser.is_done()) {
      parser.get().body().data = chunk.data();
      parser.get().body().size = chunk.size();
      lowest.expires_at(step_deadline());
      auto [ec, n] = co_await bhttp::async_read(stream, buffer, parser, kNoThrow);
      if (ec == bhttp::error::need_buffer) ec = {};
      const std::size_t got = chunk.size() - parser.get().body().size;
      if (got > 0 && !spool->write_all(chunk.data(), got)) {
        note("cannot write the request body to a temporary file: " +
             std::generic_category().message(errno));
        out.error_status = 503;
        co_return out;
      }
      if (ec) {
        out.error_status = wire::status_for_read_error(ec);  // 413, 400 or just close
        co_return out;
      }
      if (conn->killed) co_return out;
    }
    spool->rewind();
  }

  // 2. The program.
  std::vector<std::string> env;
  env.reserve(job.env.size() + 1);
  for (const auto& e : job.env)
    if (!e.starts_with("CONTENT_LENGTH=")) env.push_back(e);
  if (spool) env.push_back("CONTENT_LENGTH=" + std::to_string(spool->size()));
  auto child = spawn_child({.argv = job.argv,
                            .env = env,
                            .working_dir = job.working_dir,
                            .stdin_fd = spool ? spool->fd() : -1,
                            .capture_stderr = static_cast<bool>(job.log)});
  spool.reset();  // the child holds its own descriptor of the file
  if (!child) {
    note("cannot start " + child.error());
    out.error_status = 500;
    co_return out;
  }
  const auto executor = co_await asio::this_coro::executor;
  auto state = std::make_shared<ChildState>();
  state->pid = child->pid;
  auto pipe = std::make_shared<Pipe>(executor, child->stdout_fd);
  state->out = pipe;
  std::optional<Pipe> pidfd;
  if (child->pidfd >= 0) pidfd.emplace(executor, child->pidfd);
  if (child->stderr_fd >= 0)
    asio::co_spawn(executor, drain_log(std::make_shared<Pipe>(executor, child->stderr_fd), job.log),
                   asio::detached);
  ChildGuard guard(conn, state, job);
  asio::steady_timer limit(executor, deadline);
  limit.async_wait([state](const boost::system::error_code& ec) {
    if (ec || state->reaped) return;
    state->timed_out = true;
    kill_group(state->pid);
    if (auto p = state->out.lock()) {
      boost::system::error_code ignored;
      p->cancel(ignored);
    }
  });

  // 3. The CGI header block.
  std::string head_bytes;
  CgiHead head;
  for (;;) {
    auto [ec, n] = co_await pipe->async_read_some(asio::buffer(chunk), kNoThrow);
    if (!ec) head_bytes.append(chunk.data(), n);
    head = parse_cgi_headers(head_bytes);
    if (head.state == CgiHead::State::kComplete) break;
    if (head.state == CgiHead::State::kInvalid || ec) {
      if (state->timed_out) {
        note("killed at the time limit before it answered");
        out.error_status = 504;
      } else {
        note("invalid CGI output: " + (head.problem.empty() ? "no header block" : head.problem));
        out.error_status = 502;
      }
      co_return out;  // the guard kills and reaps it
    }
  }

  // 4. The response header: the program's fields, then the handler's (which win).
  bhttp::response<bhttp::buffer_body> res;
  res.version(meta.version);
  res.result(static_cast<unsigned>(head.status));
  auto handler_sets = [&](std::string_view name) {
    for (const auto& [k, v] : extra.headers)
      if (beast::iequals(k, name)) return true;
    return false;
  };
  for (const auto& [name, value] : head.headers)
    if (wire::is_sendable_header(name, value) && !handler_sets(name)) res.insert(name, value);
  for (const auto& [name, value] : extra.headers)
    if (wire::is_sendable_header(name, value)) res.insert(name, value);
  const bool keep_alive = meta.keep_alive && meta.version >= 11 && !ctx.draining &&
                          !wire::asks_close(extra);
  res.keep_alive(keep_alive);
  const bool bodiless = meta.head || head.status == 204 || head.status == 304;
  if (!bodiless && meta.version >= 11) res.chunked(true);  // 1.0: delimited by the close
  res.body().data = nullptr;
  res.body().more = !bodiless;
  bhttp::serializer<false, bhttp::buffer_body> sr(res);
  lowest.expires_at(step_deadline());
  if (auto [ec, n] = co_await bhttp::async_write_header(stream, sr, kNoThrow); ec) co_return out;
  out.status = head.status;

  // 5. The body, as it comes.
  auto send = [&](const char* data, std::size_t n) -> asio::awaitable<bool> {
    res.body().data = const_cast<char*>(data);
    res.body().size = n;
    res.body().more = true;
    lowest.expires_at(step_deadline());
    auto [ec, written] = co_await bhttp::async_write(stream, sr, kNoThrow);
    if (ec && ec != bhttp::error::need_buffer) co_return false;
    out.bytes += n;
    co_return true;
  };
  if (!bodiless && head_bytes.size() > head.body_offset &&
      !co_await send(head_bytes.data() + head.body_offset, head_bytes.size() - head.body_offset))
    co_return out;  // client gone: the guard kills the program
  std::string().swap(head_bytes);
  for (;;) {
    auto [ec, n] = co_await pipe->async_read_some(asio::buffer(chunk), kNoThrow);
    if (ec) break;  // EOF, or cancelled at the time limit
    if (!bodiless && !co_await send(chunk.data(), n)) co_return out;
    if (conn->killed) co_return out;
  }
  if (state->timed_out) {
    // No last chunk: the client sees a truncated response, not a complete one.
    note("killed at the time limit while answering");
    co_return out;
  }

  // 6. Exit status, then the last chunk.
  const int status = co_await wait_for_exit(*state, pidfd);
  guard.reaped(status);
  if (status != 0) note("exited with status " + std::to_string(status));
  if (!sr.is_done()) {
    res.body().data = nullptr;
    res.body().size = 0;
    res.body().more = false;
    lowest.expires_at(step_deadline());
    if (auto [ec, n] = co_await bhttp::async_write(stream, sr, kNoThrow); ec) co_return out;
  }
  out.keep_alive = keep_alive && !conn->killed;
  co_return out;
}

template asio::awaitable<RelayOutcome> relay_cgi<PlainStream>(ServerContext&,
                                                              std::shared_ptr<Connection>,
                                                              PlainStream&, beast::flat_buffer&,
                                                              wire::RequestParser&, CgiJob&,
                                                              Response&, const RequestMeta&);
template asio::awaitable<RelayOutcome> relay_cgi<TlsStream>(ServerContext&,
                                                            std::shared_ptr<Connection>,
                                                            TlsStream&, beast::flat_buffer&,
                                                            wire::RequestParser&, CgiJob&,
                                                            Response&, const RequestMeta&);

}  // namespace latchkey::http::detail
