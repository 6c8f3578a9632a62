// QR codes (ISO/IEC 18004) for authenticator enrolment: the otpauth:// URI of
// a new TOTP secret is shown as a QR code in the web UI (SVG) and in the CLI
// (terminal half blocks). Encoding is libqrencode's; this file only fixes the
// parameters (error-correction level M, 8-bit byte mode, smallest version)
// and draws the module matrix.
//
// It is a separate library target (lk_qr) so that lk_core, and everything
// that does not draw QR codes, does not link libqrencode.
//
// Both renderers are deterministic: the same code always gives the same bytes,
// which is what lets tests pin them and lets the server cache its SVG.
// Thread safety: pure functions over their arguments (Debian's libqrencode is
// built with pthreads, so concurrent encode_qr calls are safe).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace latchkey {

struct QrCode {
  int size = 0;               // modules per side: 17 + 4 * version
  std::vector<bool> modules;  // row-major, size * size, true = dark
  // False outside the symbol (the quiet zone is light).
  bool dark(int x, int y) const;
};

// The longest text encode_qr accepts: the 8-bit byte capacity of version 40
// at level M (ISO/IEC 18004 Table 7).
inline constexpr std::size_t kQrMaxBytes = 2331;

// Error-correction level M (~15 % recovery), 8-bit byte mode, the smallest
// version that fits. kInvalidParams if `text` is empty or too long.
Result<QrCode> encode_qr(std::string_view text);

// A standalone SVG image: xmlns, a viewBox that includes `quiet_zone` light
// modules on each side (the standard asks for 4), width/height of 4 px per
// module, role="img" with the XML-escaped `label` as aria-label,
// shape-rendering="crispEdges", one white background <rect> and ONE <path>
// holding every dark module as horizontal runs ("M x y h n v1 h-n z").
// No scripts, styles or external references, so it is safe to inline.
std::string qr_svg(const QrCode& qr, std::string_view label, int quiet_zone = 4);

// For terminals: Unicode half blocks (U+2580 ▀, U+2584 ▄, U+2588 █ and space),
// two module rows per text line, `quiet_zone` modules of margin on each side,
// each line ending in '\n'. Each module is one column wide, so every line has
// the same display width: size + 2 * quiet_zone.
//
// Drawn for a DARK terminal background, the common default: a printed block
// shows the (light) foreground colour, so LIGHT modules and the quiet zone
// are printed as blocks and DARK modules as spaces, which leaves them in the
// terminal's dark background colour. The half row below the last one (the
// symbol plus its margins always has an odd number of rows) is left as
// background. On a light-background terminal the code appears inverted; most
// phone scanners read it anyway, and the secret is printed as text too.
std::string qr_terminal(const QrCode& qr, int quiet_zone = 2);

}  // namespace latchkey
