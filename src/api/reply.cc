#include <boost/json.hpp>

#include "api/handlers.h"
#include "api/range.h"

namespace latchkey::api {

Reply json_reply(int status, const boost::json::value& body) {
  Reply r;
  r.status = status;
  r.body = boost::json::serialize(body);
  return r;
}

Result<Reply> list_reply(const Call& call, std::vector<boost::json::object> items,
                         const std::vector<std::string>& fields) {
  auto range = parse_range(call.request.header("range"), fields);
  if (!range) return fail(range.error());
  Page page = paginate(std::move(items), *range);
  Reply r = json_reply(page.next_range ? 206 : 200, page.items);
  std::string accept;
  for (const auto& f : fields) accept += (accept.empty() ? "" : ", ") + f;
  r.headers.emplace_back("Accept-Ranges", accept);
  if (page.content_range) r.headers.emplace_back("Content-Range", *page.content_range);
  if (page.next_range) r.headers.emplace_back("Next-Range", *page.next_range);
  return r;
}

}  // namespace latchkey::api
