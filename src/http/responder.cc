#include "http/responder.h"

#include <boost/asio/post.hpp>
#include <shared_mutex>

#include "http/child_process.h"

namespace latchkey::http::detail {

void Connection::close_if_idle() {
  // Bytes already in the socket are a request the client sent before we began
  // draining: serve it (the session notices the drain after answering).
  boost::system::error_code ec;
  if (idle && stream && stream->socket().available(ec) == 0) stream->close();
}

void Connection::kill() {
  killed = true;
  if (cgi_pid > 0) kill_group(cgi_pid);
  if (stream) stream->close();
  if (waiter) waiter->cancel();
}

void Connection::wake() {
  if (waiter) waiter->cancel();
}

bool ResponseSlot::settle(State s, std::optional<Response> response) {
  std::lock_guard lock(mu_);
  if (state_ != State::kWaiting) return false;
  state_ = s;
  response_ = std::move(response);
  return true;
}

void ResponseSlot::deliver(Response response) {
  if (settle(State::kResponded, std::move(response))) wake_connection();
}

void ResponseSlot::fail() {
  if (settle(State::kFailed, std::nullopt)) wake_connection();
}

void ResponseSlot::abandon() { settle(State::kAbandoned, std::nullopt); }

ResponseSlot::State ResponseSlot::take(std::optional<Response>& out) {
  std::lock_guard lock(mu_);
  if (state_ == State::kResponded && response_) out = std::move(response_);
  return state_;
}

void ResponseSlot::wake_connection() {
  // Posting needs a live io_context: hold the shared lock across the post so
  // ~Server cannot destroy it meanwhile (see Liveness).
  std::shared_lock lock(life_->mu);
  if (!life_->alive) return;
  const auto c = conn_.lock();
  if (!c) return;
  boost::asio::post(c->strand, [conn = conn_] {
    if (auto c = conn.lock()) c->wake();
  });
}

Responder::~Responder() {
  if (!slot_) return;
  try {
    slot_->fail();
  } catch (...) {
    // Nothing sensible to do in a destructor; the drain deadline still frees
    // the connection.
  }
}

void Responder::operator()(Response response) {
  if (auto slot = std::exchange(slot_, nullptr)) slot->deliver(std::move(response));
}

}  // namespace latchkey::http::detail
