#include "core/qr_code.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace latchkey {
namespace {

// 130 bytes: byte-mode capacity at level M is 122 for version 7 and 152 for
// version 8 (ISO/IEC 18004 Table 7), so the smallest version is 8.
constexpr std::string_view kOtpauth =
    "otpauth://totp/Latchkey:me%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    "&issuer=Latchkey&algorithm=SHA1&digits=6&period=30";

int version_size(int version) { return 17 + 4 * version; }

// A 7x7 finder pattern with its top-left module at (x, y): dark ring, light
// ring, dark 3x3 centre; plus the light separator around it inside the symbol.
bool has_finder(const QrCode& qr, int x, int y) {
  for (int dy = -1; dy <= 7; ++dy) {
    for (int dx = -1; dx <= 7; ++dx) {
      int cx = x + dx;
      int cy = y + dy;
      if (cx < 0 || cy < 0 || cx >= qr.size || cy >= qr.size) continue;
      int ring = std::max(std::abs(dx - 3), std::abs(dy - 3));  // 0..4
      bool want_dark = ring == 3 || ring <= 1;
      if (qr.dark(cx, cy) != want_dark) return false;
    }
  }
  return true;
}

std::size_t count(std::string_view haystack, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

// Display columns: code points, as every character used is one column wide.
std::size_t columns(std::string_view line) {
  std::size_t n = 0;
  for (char c : line) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

TEST(QrCode, OtpauthUriUsesTheSmallestVersionAtLevelM) {
  auto qr = encode_qr(kOtpauth);
  ASSERT_TRUE(qr) << qr.error().message;
  EXPECT_EQ(qr->size, version_size(8));
  EXPECT_EQ(qr->modules.size(), static_cast<std::size_t>(qr->size * qr->size));
}

TEST(QrCode, VersionGrowsAtTheByteCapacityBoundary) {
  // Version 5-M holds 84 bytes, version 6-M 106.
  EXPECT_EQ(encode_qr(std::string(84, 'a'))->size, version_size(5));
  EXPECT_EQ(encode_qr(std::string(85, 'a'))->size, version_size(6));
  EXPECT_EQ(encode_qr("a")->size, version_size(1));
  EXPECT_EQ(encode_qr(std::string(kQrMaxBytes, 'a'))->size, version_size(40));
}

TEST(QrCode, FinderPatternsAtThreeCorners) {
  auto qr = encode_qr(kOtpauth);
  ASSERT_TRUE(qr);
  int far = qr->size - 7;
  EXPECT_TRUE(has_finder(*qr, 0, 0));
  EXPECT_TRUE(has_finder(*qr, far, 0));
  EXPECT_TRUE(has_finder(*qr, 0, far));
  EXPECT_FALSE(has_finder(*qr, far, far));  // the fourth corner has none
  EXPECT_FALSE(qr->dark(-1, 0));            // outside the symbol is light
  EXPECT_FALSE(qr->dark(0, qr->size));
}

TEST(QrCode, EncodingIsDeterministic) {
  auto a = encode_qr(kOtpauth);
  auto b = encode_qr(kOtpauth);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->modules, b->modules);
  EXPECT_EQ(qr_svg(*a, "x"), qr_svg(*b, "x"));
  EXPECT_EQ(qr_terminal(*a), qr_terminal(*b));
  auto other = encode_qr(std::string(kOtpauth) + "x");
  ASSERT_TRUE(other);
  EXPECT_NE(a->modules, other->modules);
}

TEST(QrCode, EmptyOrTooLongTextIsInvalid) {
  auto empty = encode_qr("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidParams);
  auto too_long = encode_qr(std::string(kQrMaxBytes + 1, 'a'));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, ErrorCode::kInvalidParams);
}

TEST(QrCode, BytesAreEncodedAsIs) {
  // 8-bit mode: NUL and non-ASCII bytes are data, not terminators.
  auto with_nul = encode_qr(std::string("a\0b", 3));
  auto without = encode_qr("a");
  ASSERT_TRUE(with_nul && without);
  EXPECT_NE(with_nul->modules, without->modules);
}

TEST(QrCode, SvgIsOneStandaloneImage) {
  auto qr = encode_qr(kOtpauth);
  ASSERT_TRUE(qr);
  std::string svg = qr_svg(*qr, R"(Scan <me> & "enrol" 'now')");
  EXPECT_TRUE(svg.starts_with(R"(<svg xmlns="http://www.w3.org/2000/svg")")) << svg.substr(0, 80);
  EXPECT_TRUE(svg.ends_with("</svg>\n"));
  const std::string side = std::to_string(qr->size + 8);
  EXPECT_NE(svg.find(R"(viewBox="0 0 )" + side + " " + side + R"(")"), std::string::npos);
  EXPECT_NE(svg.find(R"( width=")" + std::to_string((qr->size + 8) * 4) + R"(")"), std::string::npos);
  EXPECT_NE(svg.find(R"(role="img")"), std::string::npos);
  EXPECT_NE(svg.find(R"(shape-rendering="crispEdges")"), std::string::npos);
  EXPECT_NE(svg.find(R"(aria-label="Scan &lt;me&gt; &amp; &quot;enrol&quot; &#39;now&#39;")"), std::string::npos);
  EXPECT_EQ(count(svg, "<svg"), 1u);
  EXPECT_EQ(count(svg, "<rect"), 1u);
  EXPECT_EQ(count(svg, "<path"), 1u);
  EXPECT_EQ(count(svg, "<"), 4u);  // svg, rect, path, </svg>: the label added no markup
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(svg.find("href"), std::string::npos);
  // The top-left finder's first row is a run of 7 dark modules after the quiet zone.
  EXPECT_NE(svg.find(R"(d="M4 4h7v1h-7z)"), std::string::npos);

  std::string tight = qr_svg(*qr, "x", 0);
  EXPECT_NE(tight.find(R"(viewBox="0 0 )" + std::to_string(qr->size) + " "), std::string::npos);
  EXPECT_NE(tight.find(R"(d="M0 0h7v1h-7z)"), std::string::npos);
}

TEST(QrCode, SvgPathCoversExactlyTheDarkModules) {
  auto qr = encode_qr("hello");
  ASSERT_TRUE(qr);
  std::string svg = qr_svg(*qr, "x", 4);
  std::size_t d = svg.find(R"( d=")") + 4;
  std::string path = svg.substr(d, svg.find('"', d) - d);
  std::vector<bool> painted(qr->modules.size(), false);
  int x = 0;
  int y = 0;
  int run = 0;
  for (std::size_t i = 0; i < path.size();) {
    ASSERT_EQ(path[i], 'M');
    ASSERT_EQ(std::sscanf(path.c_str() + i, "M%d %dh%d", &x, &y, &run), 3);
    for (int k = 0; k < run; ++k) painted[static_cast<std::size_t>((y - 4) * qr->size + (x - 4 + k))] = true;
    i = path.find('z', i) + 1;
  }
  EXPECT_EQ(painted, qr->modules);
}

TEST(QrCode, TerminalLinesHaveTheSameWidthAndLightModulesArePrinted) {
  auto qr = encode_qr(kOtpauth);
  ASSERT_TRUE(qr);
  for (int quiet : {0, 1, 2, 4}) {
    std::string text = qr_terminal(*qr, quiet);
    ASSERT_TRUE(text.ends_with('\n'));
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < text.size();) {
      std::size_t nl = text.find('\n', start);
      lines.push_back(text.substr(start, nl - start));
      start = nl + 1;
    }
    int side = qr->size + 2 * quiet;
    EXPECT_EQ(lines.size(), static_cast<std::size_t>((side + 1) / 2)) << quiet;
    for (const std::string& line : lines) EXPECT_EQ(columns(line), static_cast<std::size_t>(side)) << quiet;
  }
  // Quiet zone 2: the first line is two light quiet rows (full blocks); the
  // second holds the finder's first two rows: dark over dark at its edges
  // (spaces), dark over light inside (lower halves), then the light separator.
  std::string text = qr_terminal(*qr, 2);
  std::string full;
  for (int i = 0; i < qr->size + 4; ++i) full += "\u2588";
  EXPECT_TRUE(text.starts_with(full + "\n"));
  std::string second = text.substr(full.size() + 1);
  EXPECT_TRUE(second.starts_with("\u2588\u2588 \u2584\u2584\u2584\u2584\u2584 \u2588"));
  // The last line holds only the last quiet row; the half below is background.
  std::string last_line;
  for (int i = 0; i < qr->size + 4; ++i) last_line += "\u2580";
  EXPECT_TRUE(text.ends_with("\n" + last_line + "\n"));
}

TEST(QrCode, TerminalRoundTripsToTheModules) {
  // Decode the half blocks back into rows: printed (light) halves are light.
  auto qr = encode_qr(kOtpauth);
  ASSERT_TRUE(qr);
  const int quiet = 2;
  const int side = qr->size + 2 * quiet;
  std::string text = qr_terminal(*qr, quiet);
  std::vector<std::vector<bool>> light(static_cast<std::size_t>(side + 1), std::vector<bool>(side, false));
  std::size_t at = 0;
  for (int line = 0; line < (side + 1) / 2; ++line) {
    for (int x = 0; x < side; ++x) {
      bool top = false;
      bool bottom = false;
      if (text.compare(at, 3, "\u2588") == 0) {
        top = bottom = true;
        at += 3;
      } else if (text.compare(at, 3, "\u2580") == 0) {
        top = true;
        at += 3;
      } else if (text.compare(at, 3, "\u2584") == 0) {
        bottom = true;
        at += 3;
      } else {
        ASSERT_EQ(text[at], ' ');
        at += 1;
      }
      light[static_cast<std::size_t>(2 * line)][static_cast<std::size_t>(x)] = top;
      light[static_cast<std::size_t>(2 * line + 1)][static_cast<std::size_t>(x)] = bottom;
    }
    ASSERT_EQ(text[at++], '\n');
  }
  EXPECT_EQ(at, text.size());
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      EXPECT_EQ(light[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)], !qr->dark(x - quiet, y - quiet))
          << x << "," << y;
    }
  }
  for (int x = 0; x < side; ++x) EXPECT_FALSE(light[static_cast<std::size_t>(side)][static_cast<std::size_t>(x)]);
}

}  // namespace
}  // namespace latchkey
