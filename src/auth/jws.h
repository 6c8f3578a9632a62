// ES256 JSON Web Signatures (RFC 7515, algorithm per RFC 7518 §3.4) for the
// OpenID Connect ID tokens and any other JWT the server issues.
//
// One algorithm only: ECDSA on P-256 with SHA-256. The signature is the JOSE
// form, R || S as two 32-byte big-endian integers (64 bytes), not OpenSSL's
// DER. The key id is the RFC 7638 JWK thumbprint, so a published JWKS entry
// and the "kid" of every token it signed agree without any bookkeeping.
// The private key is persisted by the caller (sealed with SecretBox) as PKCS#8 PEM.
//
// Thread safety: a SigningKey is immutable after construction; all const
// members, sign_jwt() included, may be called concurrently. verify_jwt() is a
// pure function. A moved-from SigningKey may only be destroyed or assigned to.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace latchkey::auth {

inline constexpr std::string_view kJwsAlgorithm = "ES256";
// verify_jwt() refuses longer input unread.
inline constexpr std::size_t kMaxJwtLength = std::size_t{64} * 1024;

class SigningKey {
 public:
  // A fresh P-256 key from OpenSSL's CSPRNG.
  static Result<SigningKey> generate();
  // Reads a P-256 private key from PEM ("PRIVATE KEY", PKCS#8; the older
  // "EC PRIVATE KEY" also loads). Encrypted PEM and other key types or curves
  // are refused with kInternal (a broken key is a startup failure).
  static Result<SigningKey> from_pem(std::string_view pkcs8_private_pem);

  SigningKey(SigningKey&& other) noexcept;
  SigningKey& operator=(SigningKey&& other) noexcept;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;
  ~SigningKey();

  // Unencrypted PKCS#8 PEM of the private key: a secret, seal it before storing.
  std::string private_pem() const;

  // RFC 7638 thumbprint: base64url(SHA-256('{"crv":"P-256","kty":"EC","x":…,"y":…}')).
  const std::string& kid() const { return kid_; }

  // The public key as a JWK for the JWKS document:
  // {"kty":"EC","crv":"P-256","x":"…","y":"…","kid":"…","use":"sig","alg":"ES256"}
  std::string public_jwk_json() const;

  // Compact serialisation of a JWS over `payload_json` (taken as is; the caller
  // builds a JSON object) with header {"alg":"ES256","typ":"JWT","kid":"<kid>"}.
  std::string sign_jwt(std::string_view payload_json) const;

 private:
  SigningKey(evp_pkey_st* pkey, std::string x, std::string y);

  evp_pkey_st* pkey_ = nullptr;  // owned; null only when moved from
  std::string x_;                // base64url of the 32-byte affine coordinates
  std::string y_;
  std::string kid_;
  std::string header_b64_;  // the encoded protected header, the same for every token
};

// The payload of `compact` if it is a three-part JWS whose protected header is
// a JSON object with "alg" exactly "ES256", no "crit", and (when both carry
// one) the same "kid" as the key; whose signature verifies under the EC P-256
// public key `public_jwk_json`; and whose payload is a JSON object. Anything
// else (alg "none" or another algorithm, bad base64url, malformed JSON or key,
// input over kMaxJwtLength) gives nullopt. Never throws; any bytes are fine.
// Claims (exp, aud, iss, …) are the caller's to check.
std::optional<std::string> verify_jwt(std::string_view compact, std::string_view public_jwk_json);

}  // namespace latchkey::auth
