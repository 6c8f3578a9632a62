// Bytes → Request, without a socket. The server reads from the network with
// Beast's parser configured by the same helpers (wire.h), so this function is
// the socket-free twin of the server's read path; the fuzz target
// (fuzz/http_request_fuzz.cc) drives it with arbitrary input.
// Thread safety: pure function.
#pragma once

#include <string_view>

#include "http/message.h"
#include "http/server.h"

namespace latchkey::http {

struct ParseOutcome {
  // 0 when `request` holds a complete message; otherwise the status the server
  // answers with (400 malformed, 413 body too large, 431 header too large), or
  // 0 with complete == false when the input simply ended early.
  int status = 0;
  bool complete = false;
  Request request;  // valid when complete
};

// Parses one request from the start of `bytes` with the server's limits. Bytes
// after the first message (pipelined requests) are ignored.
ParseOutcome parse_request(std::string_view bytes, const Limits& limits);

}  // namespace latchkey::http
