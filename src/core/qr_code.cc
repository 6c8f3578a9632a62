#include "core/qr_code.h"

#include <qrencode.h>

#include <cerrno>
#include <memory>

namespace latchkey {
namespace {

constexpr int kSvgPixelsPerModule = 4;

// U+2580 UPPER HALF BLOCK, U+2584 LOWER HALF BLOCK, U+2588 FULL BLOCK.
constexpr std::string_view kUpperHalf = "\xE2\x96\x80";
constexpr std::string_view kLowerHalf = "\xE2\x96\x84";
constexpr std::string_view kFullBlock = "\xE2\x96\x88";

struct QrFree {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

// Text for an XML attribute value: markup characters escaped; C0 controls
// other than tab/newline are not allowed in XML 1.0 and are dropped.
std::string xml_attribute(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\t': out += "&#9;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;
        break;
    }
  }
  return out;
}

}  // namespace

bool QrCode::dark(int x, int y) const {
  if (x < 0 || y < 0 || x >= size || y >= size) return false;
  return modules[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x)];
}

Result<QrCode> encode_qr(std::string_view text) {
  if (text.empty()) return fail(ErrorCode::kInvalidParams, "a QR code needs some text");
  if (text.size() > kQrMaxBytes) {
    return fail(ErrorCode::kInvalidParams, "the text is too long for a QR code (at most " +
                                               std::to_string(kQrMaxBytes) + " bytes)");
  }
  errno = 0;
  std::unique_ptr<QRcode, QrFree> code(QRcode_encodeData(static_cast<int>(text.size()),
                                                         reinterpret_cast<const unsigned char*>(text.data()),
                                                         0, QR_ECLEVEL_M));
  if (!code) {
    if (errno == ERANGE) return fail(ErrorCode::kInvalidParams, "the text is too long for a QR code");
    return fail(internal("QRcode_encodeData failed, errno " + std::to_string(errno)));
  }
  QrCode qr;
  qr.size = code->width;
  std::size_t n = static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width);
  qr.modules.resize(n);
  for (std::size_t i = 0; i < n; ++i) qr.modules[i] = (code->data[i] & 1) != 0;  // bit 0: dark
  return qr;
}

std::string qr_svg(const QrCode& qr, std::string_view label, int quiet_zone) {
  if (quiet_zone < 0) quiet_zone = 0;
  const std::string side = std::to_string(qr.size + 2 * quiet_zone);
  const std::string pixels = std::to_string((qr.size + 2 * quiet_zone) * kSvgPixelsPerModule);
  std::string path;
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size;) {
      if (!qr.dark(x, y)) {
        ++x;
        continue;
      }
      int run = 1;
      while (qr.dark(x + run, y)) ++run;
      std::string n = std::to_string(run);
      path.append("M").append(std::to_string(x + quiet_zone)).append(" ").append(std::to_string(y + quiet_zone));
      path.append("h").append(n).append("v1h-").append(n).append("z");
      x += run;
    }
  }
  std::string svg;
  svg.reserve(path.size() + 512);
  svg += R"(<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 )" + side + " " + side +
         R"(" width=")" + pixels + R"(" height=")" + pixels + R"(" role="img" aria-label=")" +
         xml_attribute(label) + R"(" shape-rendering="crispEdges">)";
  svg += R"(<rect width=")" + side + R"(" height=")" + side + R"(" fill="#ffffff"/>)";
  svg += R"(<path fill="#000000" d=")" + path + R"("/>)";
  svg += "</svg>\n";
  return svg;
}

std::string qr_terminal(const QrCode& qr, int quiet_zone) {
  if (quiet_zone < 0) quiet_zone = 0;
  const int first = -quiet_zone;
  const int end = qr.size + quiet_zone;  // one past the last row/column drawn
  // Light = printed; rows past `end` are background (not printed).
  auto light = [&](int x, int y) { return y < end && !qr.dark(x, y); };
  std::string out;
  for (int y = first; y < end; y += 2) {
    for (int x = first; x < end; ++x) {
      bool top = light(x, y);
      bool bottom = light(x, y + 1);
      if (top && bottom) {
        out += kFullBlock;
      } else if (top) {
        out += kUpperHalf;
      } else if (bottom) {
        out += kLowerHalf;
      } else {
        out += ' ';
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace latchkey
