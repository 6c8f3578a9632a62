#include "auth/jws.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

#include "auth/base64url.h"

namespace latchkey::auth {
namespace {

constexpr std::size_t kCoordinateBytes = 32;  // P-256 field elements and scalars
constexpr std::size_t kSignatureBytes = 2 * kCoordinateBytes;
constexpr std::string_view kCurveJose = "P-256";       // RFC 7518 §6.2.1.1
constexpr std::string_view kCurveOpenSsl = "prime256v1";

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct BnFree {
  void operator()(BIGNUM* p) const { BN_free(p); }
};
struct SigFree {
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
using SigPtr = std::unique_ptr<ECDSA_SIG, SigFree>;

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "latchkey: %s\n", what);
  std::abort();
}

const EVP_MD* sha256() {
  // Fetched once: OpenSSL 3's implicit fetch costs a lock and a lookup per call.
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) die("OpenSSL SHA-256 unavailable");
  return md;
}

std::string sha256_base64url(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, sha256(), nullptr) != 1)
    die("SHA-256 failed");
  return base64url_encode(std::span<const std::uint8_t>(digest.data(), length));
}

// The key is EC on P-256 (a named curve, not explicit parameters).
bool is_p256(EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "EC") != 1) return false;
  std::array<char, 64> group{};
  std::size_t length = 0;
  if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group.data(), group.size(),
                                     &length) != 1)
    return false;
  return std::string_view(group.data(), length) == kCurveOpenSsl;
}

// One affine coordinate of the public point, base64url of 32 big-endian bytes.
std::optional<std::string> coordinate(EVP_PKEY* pkey, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) return std::nullopt;
  const BnPtr bn(raw);
  std::array<std::uint8_t, kCoordinateBytes> bytes{};
  if (BN_bn2binpad(bn.get(), bytes.data(), static_cast<int>(bytes.size())) < 0) return std::nullopt;
  return base64url_encode(bytes);
}

// DER ECDSA-Sig-Value (what OpenSSL produces) -> JOSE R || S.
std::optional<std::string> der_to_jose(const unsigned char* der, std::size_t length) {
  const unsigned char* p = der;
  const SigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(length)));
  if (!sig) return std::nullopt;
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::array<std::uint8_t, kSignatureBytes> out{};
  if (BN_bn2binpad(r, out.data(), kCoordinateBytes) < 0 ||
      BN_bn2binpad(s, out.data() + kCoordinateBytes, kCoordinateBytes) < 0)
    return std::nullopt;
  return base64url_encode(out);
}

// JOSE R || S (exactly 64 bytes) -> DER for EVP_DigestVerify.
std::optional<std::string> jose_to_der(std::string_view rs) {
  if (rs.size() != kSignatureBytes) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(rs.data());
  BnPtr r(BN_bin2bn(bytes, kCoordinateBytes, nullptr));
  BnPtr s(BN_bin2bn(bytes + kCoordinateBytes, kCoordinateBytes, nullptr));
  SigPtr sig(ECDSA_SIG_new());
  if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) return std::nullopt;
  (void)r.release();  // now owned by sig
  (void)s.release();
  const int length = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (length <= 0) return std::nullopt;
  std::string der(static_cast<std::size_t>(length), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_ECDSA_SIG(sig.get(), &p) != length) return std::nullopt;
  return der;
}

// An EC P-256 public key from the 32-byte big-endian affine coordinates.
// OpenSSL refuses points that are not on the curve.
PkeyPtr public_key_from_xy(std::string_view x, std::string_view y) {
  std::array<unsigned char, 1 + kSignatureBytes> point{};
  point[0] = 0x04;  // SEC 1 uncompressed
  std::memcpy(point.data() + 1, x.data(), kCoordinateBytes);
  std::memcpy(point.data() + 1 + kCoordinateBytes, y.data(), kCoordinateBytes);
  std::array<char, kCurveOpenSsl.size() + 1> group{};
  std::memcpy(group.data(), kCurveOpenSsl.data(), kCurveOpenSsl.size());
  std::array<OSSL_PARAM, 3> params{
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group.data(), 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()),
      OSSL_PARAM_construct_end()};
  const PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, EVP_PKEY_PUBLIC_KEY, params.data()) != 1)
    return nullptr;
  return PkeyPtr(pkey);
}

// Parses `text` as a JSON object; nullopt for anything else. Never throws
// (short of std::bad_alloc).
std::optional<boost::json::object> parse_object(std::string_view text) {
  boost::json::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return std::move(value.as_object());
}

// The string member `key`, if present and a string.
std::optional<std::string_view> string_member(const boost::json::object& object,
                                              std::string_view key) {
  const boost::json::value* v = object.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string_view(v->get_string());
}

// A JWK (RFC 7517) for an ES256 public key: kty EC, crv P-256, 32-byte x and y;
// "alg" and "use", when present, must agree.
struct PublicJwk {
  PkeyPtr pkey;
  std::optional<std::string> kid;
};

std::optional<PublicJwk> parse_public_jwk(std::string_view json) {
  const auto jwk = parse_object(json);
  if (!jwk || string_member(*jwk, "kty") != "EC" || string_member(*jwk, "crv") != kCurveJose)
    return std::nullopt;
  if (jwk->contains("alg") && string_member(*jwk, "alg") != kJwsAlgorithm) return std::nullopt;
  if (jwk->contains("use") && string_member(*jwk, "use") != "sig") return std::nullopt;
  const auto x_b64 = string_member(*jwk, "x");
  const auto y_b64 = string_member(*jwk, "y");
  if (!x_b64 || !y_b64) return std::nullopt;
  const auto x = base64url_decode(*x_b64);
  const auto y = base64url_decode(*y_b64);
  if (!x || !y || x->size() != kCoordinateBytes || y->size() != kCoordinateBytes)
    return std::nullopt;
  PublicJwk out{public_key_from_xy(*x, *y), std::nullopt};
  if (!out.pkey) return std::nullopt;
  if (jwk->contains("kid")) {
    const auto kid = string_member(*jwk, "kid");
    if (!kid) return std::nullopt;
    out.kid = std::string(*kid);
  }
  return out;
}

// RFC 7515 §4.1: "alg" must be exactly ES256 (never "none", RFC 8725 §3.1);
// "crit" names extensions we do not implement, so its presence is fatal
// (§4.1.11); a "kid" must be a string and, if the key has one, the same.
bool acceptable_header(std::string_view header_json, const std::optional<std::string>& key_kid) {
  const auto header = parse_object(header_json);
  if (!header || string_member(*header, "alg") != kJwsAlgorithm || header->contains("crit"))
    return false;
  if (header->contains("kid")) {
    const auto kid = string_member(*header, "kid");
    if (!kid || (key_kid && *kid != *key_kid)) return false;
  }
  return true;
}

bool verify_es256(EVP_PKEY* pkey, std::string_view signing_input, std::string_view der) {
  const MdCtxPtr ctx(EVP_MD_CTX_new());
  return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, sha256(), nullptr, pkey) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(der.data()), der.size(),
                          reinterpret_cast<const unsigned char*>(signing_input.data()),
                          signing_input.size()) == 1;
}

Result<SigningKey> key_error(std::string detail) { return fail(internal(std::move(detail))); }

}  // namespace

SigningKey::SigningKey(EVP_PKEY* pkey, std::string x, std::string y)
    : pkey_(pkey), x_(std::move(x)), y_(std::move(y)) {
  // RFC 7638 §3.2: the required members only, in lexicographic order, no whitespace.
  kid_ = sha256_base64url(R"({"crv":"P-256","kty":"EC","x":")" + x_ + R"(","y":")" + y_ + R"("})");
  header_b64_ = base64url_encode(R"({"alg":"ES256","typ":"JWT","kid":")" + kid_ + R"("})");
}

Result<SigningKey> SigningKey::generate() {
  const PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_group_name(ctx.get(), kCurveOpenSsl.data()) != 1 ||
      EVP_PKEY_generate(ctx.get(), &raw) != 1)
    return key_error("EC P-256 key generation failed");
  PkeyPtr pkey(raw);
  auto x = coordinate(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X);
  auto y = coordinate(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y);
  if (!x || !y) return key_error("EC public point unavailable");
  return SigningKey(pkey.release(), std::move(*x), std::move(*y));
}

Result<SigningKey> SigningKey::from_pem(std::string_view pkcs8_private_pem) {
  if (pkcs8_private_pem.size() > std::size_t{64} * 1024) return key_error("signing key PEM too long");
  const BioPtr bio(BIO_new_mem_buf(pkcs8_private_pem.data(), static_cast<int>(pkcs8_private_pem.size())));
  if (!bio) return key_error("BIO_new_mem_buf failed");
  // A refusing passphrase callback: without one OpenSSL would prompt on the terminal.
  pem_password_cb* no_passphrase = [](char*, int, int, void*) { return -1; };
  PkeyPtr pkey(PEM_read_bio_PrivateKey_ex(bio.get(), nullptr, no_passphrase, nullptr, nullptr, nullptr));
  if (!pkey) return key_error("signing key PEM is not a readable unencrypted private key");
  if (!is_p256(pkey.get())) return key_error("signing key is not an EC P-256 key");
  auto x = coordinate(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X);
  auto y = coordinate(pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y);
  if (!x || !y) return key_error("EC public point unavailable");
  return SigningKey(pkey.release(), std::move(*x), std::move(*y));
}

SigningKey::SigningKey(SigningKey&& other) noexcept
    : pkey_(std::exchange(other.pkey_, nullptr)),
      x_(std::move(other.x_)),
      y_(std::move(other.y_)),
      kid_(std::move(other.kid_)),
      header_b64_(std::move(other.header_b64_)) {}

SigningKey& SigningKey::operator=(SigningKey&& other) noexcept {
  if (this != &other) {
    EVP_PKEY_free(pkey_);
    pkey_ = std::exchange(other.pkey_, nullptr);
    x_ = std::move(other.x_);
    y_ = std::move(other.y_);
    kid_ = std::move(other.kid_);
    header_b64_ = std::move(other.header_b64_);
  }
  return *this;
}

SigningKey::~SigningKey() { EVP_PKEY_free(pkey_); }

std::string SigningKey::private_pem() const {
  // Secure-heap BIO: the buffer is cleansed when freed.
  const BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), pkey_, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    die("PEM_write_bio_PKCS8PrivateKey failed");
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

std::string SigningKey::public_jwk_json() const {
  return R"({"kty":"EC","crv":"P-256","x":")" + x_ + R"(","y":")" + y_ + R"(","kid":")" + kid_ +
         R"(","use":"sig","alg":"ES256"})";
}

std::string SigningKey::sign_jwt(std::string_view payload_json) const {
  if (pkey_ == nullptr) die("sign_jwt on a moved-from SigningKey");
  std::string token = header_b64_;
  token += '.';
  token += base64url_encode(payload_json);
  // A context per call: EVP_MD_CTX is not shareable, the key and digest are.
  const MdCtxPtr ctx(EVP_MD_CTX_new());
  std::array<unsigned char, 80> der{};  // a P-256 DER signature is at most 72 bytes
  std::size_t der_length = der.size();
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, sha256(), nullptr, pkey_) != 1 ||
      EVP_DigestSign(ctx.get(), der.data(), &der_length,
                     reinterpret_cast<const unsigned char*>(token.data()), token.size()) != 1)
    die("ES256 signing failed");
  const auto signature = der_to_jose(der.data(), der_length);
  if (!signature) die("ES256 signature conversion failed");
  token += '.';
  token += *signature;
  return token;
}

std::optional<std::string> verify_jwt(std::string_view compact, std::string_view public_jwk_json) {
  if (compact.size() > kMaxJwtLength) return std::nullopt;
  const auto first = compact.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = compact.find('.', first + 1);
  if (second == std::string_view::npos || compact.find('.', second + 1) != std::string_view::npos)
    return std::nullopt;
  const auto header = base64url_decode(compact.substr(0, first));
  auto payload = base64url_decode(compact.substr(first + 1, second - first - 1));
  const auto signature = base64url_decode(compact.substr(second + 1));
  if (!header || !payload || !signature) return std::nullopt;
  const auto der = jose_to_der(*signature);
  if (!der) return std::nullopt;
  auto jwk = parse_public_jwk(public_jwk_json);
  if (!jwk || !acceptable_header(*header, jwk->kid)) return std::nullopt;
  if (!verify_es256(jwk->pkey.get(), compact.substr(0, second), *der)) return std::nullopt;
  if (!parse_object(*payload)) return std::nullopt;
  return std::move(*payload);
}

}  // namespace latchkey::auth
