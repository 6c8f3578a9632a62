// ES256 JWS (RFC 7515, RFC 7518 §3.4) and JWK thumbprints (RFC 7638).
#include "auth/jws.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <thread>
#include <vector>

#include "auth/base64url.h"

namespace latchkey::auth {
namespace {

// A test-only key whose x coordinate starts with a zero byte, so left-padding
// is exercised. Expected values were computed independently with the openssl
// CLI and Python (`cryptography`): x and y from the SubjectPublicKeyInfo, kid
// as base64url(SHA-256('{"crv":"P-256","kty":"EC","x":…,"y":…}')).
constexpr std::string_view kFixturePem = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgO6U0JtQAWkVsQeDj
TJK9Od7eV7JiFJIkj5iWnhywSGShRANCAAQARt6zYY57NI61DeZ12mXyqFYE5guB
u/v78mrJdNaGQUYCfs/2mBBQAJtIVNG7l7dP77d+BbtHy057acvCt501
-----END PRIVATE KEY-----
)";
constexpr std::string_view kFixtureX = "AEbes2GOezSOtQ3mddpl8qhWBOYLgbv7-_JqyXTWhkE";
constexpr std::string_view kFixtureY = "RgJ-z_aYEFAAm0hU0buXt0_vt34Fu0fLTntpy8K3nTU";
constexpr std::string_view kFixtureKid = "ATGyGFz8oSfVqBN7S_wpm_Xn8F_mPhNYRhGcJsVfacs";

// Signed by Python `cryptography` with the fixture key (header as sign_jwt writes it).
constexpr std::string_view kPythonJwt =
    "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IkFUR3lHRno4b1NmVnFCTjdTX3dwbV9YbjhGX21QaE5ZUmhH"
    "Y0pzVmZhY3MifQ.eyJpc3MiOiJodHRwczovL2lkLmV4YW1wbGUuY29tIiwic3ViIjoicHl0aG9uIiwiYXVkIjoiY2xp"
    "IiwiZXhwIjoyMDAwMDAwMDAwfQ.7iNoOm_2LhP28NWY6zJRi4_8ntOeD_TmG-3Vb_dCvU3rv1UPTgDw4hbGGIVFTxz2T"
    "vafA7nzEwhMrFnafj4Zdg";
constexpr std::string_view kPythonPayload =
    R"({"iss":"https://id.example.com","sub":"python","aud":"cli","exp":2000000000})";

// The same key in the older SEC 1 "EC PRIVATE KEY" form.
constexpr std::string_view kFixtureSec1Pem = R"(-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIDulNCbUAFpFbEHg40ySvTne3leyYhSSJI+Ylp4csEhkoAoGCCqGSM49
AwEHoUQDQgAEAEbes2GOezSOtQ3mddpl8qhWBOYLgbv7+/JqyXTWhkFGAn7P9pgQ
UACbSFTRu5e3T++3fgW7R8tOe2nLwredNQ==
-----END EC PRIVATE KEY-----
)";

constexpr std::string_view kPayload = R"({"iss":"https://id.example.com","sub":"a1","aud":"cli"})";

SigningKey fixture_key() {
  // value() throws (and fails the test) if the fixture does not load.
  return SigningKey::from_pem(kFixturePem).value();
}

struct Parts {
  std::string header, payload, signature;
};

Parts split(const std::string& jwt) {
  const auto a = jwt.find('.');
  const auto b = jwt.find('.', a + 1);
  return {jwt.substr(0, a), jwt.substr(a + 1, b - a - 1), jwt.substr(b + 1)};
}

std::string join(const Parts& p) { return p.header + "." + p.payload + "." + p.signature; }

TEST(Jws, FixtureKeyHasTheIndependentlyComputedThumbprintAndCoordinates) {
  const SigningKey key = fixture_key();
  EXPECT_EQ(key.kid(), kFixtureKid);
  const boost::json::value jwk = boost::json::parse(key.public_jwk_json());
  const auto member = [&](const char* name) { return std::string(jwk.at(name).as_string()); };
  EXPECT_EQ(member("kty"), "EC");
  EXPECT_EQ(member("crv"), "P-256");
  EXPECT_EQ(member("x"), kFixtureX);
  EXPECT_EQ(member("y"), kFixtureY);
  EXPECT_EQ(member("kid"), kFixtureKid);
  EXPECT_EQ(member("use"), "sig");
  EXPECT_EQ(member("alg"), "ES256");
  EXPECT_EQ(jwk.as_object().size(), 7u);
  EXPECT_EQ(key.public_jwk_json(),
            std::string(R"({"kty":"EC","crv":"P-256","x":")") + std::string(kFixtureX) +
                R"(","y":")" + std::string(kFixtureY) + R"(","kid":")" + std::string(kFixtureKid) +
                R"(","use":"sig","alg":"ES256"})");
}

TEST(Jws, SignedTokenVerifiesAndHasTheDocumentedHeader) {
  const SigningKey key = fixture_key();
  const std::string jwt = key.sign_jwt(kPayload);
  const Parts parts = split(jwt);
  EXPECT_EQ(base64url_decode(parts.header),
            R"({"alg":"ES256","typ":"JWT","kid":")" + std::string(kFixtureKid) + R"("})");
  EXPECT_EQ(base64url_decode(parts.payload), kPayload);
  EXPECT_EQ(base64url_decode(parts.signature)->size(), 64u);  // R || S, not DER
  EXPECT_EQ(verify_jwt(jwt, key.public_jwk_json()), kPayload);
  // The header is the one an independent implementation writes too.
  EXPECT_TRUE(kPythonJwt.starts_with(parts.header + "."));
}

TEST(Jws, TokenSignedByAnotherImplementationVerifies) {
  const SigningKey key = fixture_key();
  EXPECT_EQ(verify_jwt(kPythonJwt, key.public_jwk_json()), kPythonPayload);
  // The JWK without the optional members is enough.
  const std::string bare = std::string(R"({"kty":"EC","crv":"P-256","x":")") +
                           std::string(kFixtureX) + R"(","y":")" + std::string(kFixtureY) + R"("})";
  EXPECT_EQ(verify_jwt(kPythonJwt, bare), kPythonPayload);
}

TEST(Jws, EcdsaSignaturesAreRandomisedButAllVerify) {
  const SigningKey key = fixture_key();
  const std::string a = key.sign_jwt(kPayload);
  const std::string b = key.sign_jwt(kPayload);
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_jwt(a, key.public_jwk_json()));
  EXPECT_TRUE(verify_jwt(b, key.public_jwk_json()));
}

TEST(Jws, PemRoundTripKeepsTheKey) {
  const auto generated = SigningKey::generate();
  ASSERT_TRUE(generated) << generated.error().detail;
  const std::string pem = generated->private_pem();
  EXPECT_TRUE(pem.starts_with("-----BEGIN PRIVATE KEY-----\n")) << pem;
  const auto reloaded = SigningKey::from_pem(pem);
  ASSERT_TRUE(reloaded) << reloaded.error().detail;
  EXPECT_EQ(reloaded->kid(), generated->kid());
  EXPECT_EQ(reloaded->public_jwk_json(), generated->public_jwk_json());
  EXPECT_TRUE(verify_jwt(reloaded->sign_jwt(kPayload), generated->public_jwk_json()));
  EXPECT_EQ(fixture_key().private_pem(), kFixturePem);
}

TEST(Jws, Sec1PemLoadsAsTheSameKey) {
  const auto key = SigningKey::from_pem(kFixtureSec1Pem);
  ASSERT_TRUE(key) << key.error().detail;
  EXPECT_EQ(key->kid(), kFixtureKid);
}

TEST(Jws, GeneratedKeysDiffer) {
  const auto a = SigningKey::generate();
  const auto b = SigningKey::generate();
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->kid(), b->kid());
  EXPECT_EQ(a->kid().size(), 43u);
  EXPECT_FALSE(verify_jwt(a->sign_jwt(kPayload), b->public_jwk_json()));
}

TEST(Jws, MoveKeepsTheKeyUsable) {
  SigningKey key = fixture_key();
  SigningKey moved = std::move(key);
  EXPECT_EQ(moved.kid(), kFixtureKid);
  auto other = SigningKey::generate();
  ASSERT_TRUE(other);
  *other = std::move(moved);
  EXPECT_EQ(other->kid(), kFixtureKid);
  EXPECT_TRUE(verify_jwt(other->sign_jwt(kPayload), other->public_jwk_json()));
}

TEST(Jws, OtherKeysAndBadPemAreRefused) {
  constexpr std::string_view kP384 = R"(-----BEGIN PRIVATE KEY-----
MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDClvNWET1VyV0nrhhhb
cb83fgNhqPS4TBOthlFXp7aP7hEIfnYV4PDzy5mkIY33ADmhZANiAARpOidwlRmb
bmSifYFMWQ74FveEGmNuoHpZTYwKuTWKM3x39EMePNntsyQlbcfCjDZieLJnmW/4
lbeLkzpUI6eyyrYny6dwiGQzOl11/lhxRvQTUkLltR6NIY5HNtjdJPc=
-----END PRIVATE KEY-----
)";
  constexpr std::string_view kEd25519 = R"(-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIOMbpKNh9dcWdlTs/ExGLhQ9Q2qBAi5csL/E7ET1+VpN
-----END PRIVATE KEY-----
)";
  // The fixture key encrypted with the passphrase "secret": refused, never prompted for.
  constexpr std::string_view kEncrypted = R"(-----BEGIN ENCRYPTED PRIVATE KEY-----
MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAixzYIUPyFFrwICCAAw
DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEDZV8geaQklQ+oAiTsIRk4sEgZCM
dzM/96b3dFTzfNu7NEz2nEofNP5xAEVJAVkZ6kF0oD1ENFiG2Be321hJXF8Nyska
CCkWRdM/1dil4yuE2TLe3/vP82GR/mcCv+nsK4Sjxv3vDL/LCrOY4NfXSLySu4A6
6l4AfctdoC3e69q+UGU2ctIF0HFUKJkY36fZP01bBNoVuypQ+DOMXmJRgYwL9Tk=
-----END ENCRYPTED PRIVATE KEY-----
)";
  for (std::string_view pem : {kP384, kEd25519, kEncrypted, std::string_view(""),
                               std::string_view("-----BEGIN PRIVATE KEY-----\n"),
                               kFixturePem.substr(0, 100)}) {
    const auto key = SigningKey::from_pem(pem);
    ASSERT_FALSE(key) << pem;
    EXPECT_EQ(key.error().code, ErrorCode::kInternal);
  }
}

TEST(Jws, TamperedPartsFailVerification) {
  const SigningKey key = fixture_key();
  const std::string jwk = key.public_jwk_json();
  const Parts good = split(key.sign_jwt(kPayload));

  Parts payload = good;
  payload.payload = base64url_encode(R"({"iss":"https://id.example.com","sub":"a2","aud":"cli"})");
  EXPECT_FALSE(verify_jwt(join(payload), jwk));

  Parts header = good;
  header.header = base64url_encode(R"({"alg":"ES256","typ":"JWT"})");
  EXPECT_FALSE(verify_jwt(join(header), jwk));

  for (std::size_t i = 0; i < good.signature.size(); i += 7) {
    Parts signature = good;
    signature.signature[i] = signature.signature[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verify_jwt(join(signature), jwk)) << i;
  }
  Parts truncated = good;
  truncated.signature.pop_back();
  EXPECT_FALSE(verify_jwt(join(truncated), jwk));
}

TEST(Jws, DerSignatureIsRefused) {
  // A JOSE verifier must not accept the DER form some libraries emit by mistake.
  const SigningKey key = fixture_key();
  Parts parts = split(key.sign_jwt(kPayload));
  const std::string rs = *base64url_decode(parts.signature);
  std::string der = "\x30\x44\x02\x20" + rs.substr(0, 32) + "\x02\x20" + rs.substr(32);
  parts.signature = base64url_encode(der);
  EXPECT_FALSE(verify_jwt(join(parts), key.public_jwk_json()));
}

TEST(Jws, AlgNoneAndOtherAlgorithmsAreRefused) {
  const SigningKey key = fixture_key();
  const std::string jwk = key.public_jwk_json();
  const Parts good = split(key.sign_jwt(kPayload));
  for (std::string_view header :
       {R"({"alg":"none","typ":"JWT"})", R"({"alg":"None"})", R"({"alg":"es256"})",
        R"({"alg":"HS256"})", R"({"alg":"ES384"})", R"({"alg":"RS256"})", R"({"typ":"JWT"})",
        R"({"alg":null})", R"({"alg":["ES256"]})", R"({"alg":"ES256","crit":["exp"]})",
        R"({"alg":"ES256","kid":"other"})", R"({"alg":"ES256","kid":7})", R"(["ES256"])",
        R"({"alg":"ES256")", ""}) {
    Parts forged = good;
    forged.header = base64url_encode(header);
    EXPECT_FALSE(verify_jwt(join(forged), jwk)) << header;
    forged.signature.clear();  // the classic alg=none token has no signature
    EXPECT_FALSE(verify_jwt(join(forged), jwk)) << header;
  }
}

TEST(Jws, MalformedCompactSerialisationsAreRefused) {
  const SigningKey key = fixture_key();
  const std::string jwk = key.public_jwk_json();
  const std::string jwt = key.sign_jwt(kPayload);
  for (const std::string& bad :
       {std::string(), std::string("."), std::string(".."), std::string("..."), jwt + ".",
        "." + jwt, jwt + "=", jwt.substr(0, jwt.rfind('.')), " " + jwt, jwt + "\n",
        std::string(kMaxJwtLength + 1, 'a')}) {
    EXPECT_FALSE(verify_jwt(bad, jwk)) << bad;
  }
  // A signed payload that is not a JSON object is refused too.
  EXPECT_FALSE(verify_jwt(key.sign_jwt("[1,2]"), jwk));
  EXPECT_FALSE(verify_jwt(key.sign_jwt("not json"), jwk));
}

TEST(Jws, MalformedOrForeignKeysAreRefused) {
  const SigningKey key = fixture_key();
  const std::string jwt = key.sign_jwt(kPayload);
  const std::string x(kFixtureX);
  const std::string y(kFixtureY);
  std::string off_curve_y = y;
  off_curve_y[10] = off_curve_y[10] == 'A' ? 'B' : 'A';
  for (const std::string& jwk : {
           std::string(), std::string("{}"), std::string("null"),
           R"({"kty":"RSA","crv":"P-256","x":")" + x + R"(","y":")" + y + R"("})",
           R"({"kty":"EC","crv":"P-384","x":")" + x + R"(","y":")" + y + R"("})",
           R"({"kty":"EC","crv":"P-256","x":")" + x + R"("})",
           R"({"kty":"EC","crv":"P-256","x":")" + x.substr(1) + R"(","y":")" + y + R"("})",
           R"({"kty":"EC","crv":"P-256","x":")" + x + R"(","y":")" + off_curve_y + R"("})",
           R"({"kty":"EC","crv":"P-256","x":")" + x + R"(","y":")" + y + R"(","alg":"ES384"})",
           R"({"kty":"EC","crv":"P-256","x":")" + x + R"(","y":")" + y + R"(","use":"enc"})",
           R"({"kty":"EC","crv":"P-256","x":")" + x + R"(","y":")" + y + R"(","kid":"other"})",
       }) {
    EXPECT_FALSE(verify_jwt(jwt, jwk)) << jwk;
  }
}

TEST(Jws, ConcurrentSigningIsSafe) {
  const SigningKey key = fixture_key();
  const std::string jwk = key.public_jwk_json();
  std::vector<std::thread> threads;
  std::vector<int> verified(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) verified[t] += verify_jwt(key.sign_jwt(kPayload), jwk).has_value();
    });
  }
  for (auto& thread : threads) thread.join();
  for (int n : verified) EXPECT_EQ(n, 50);
}

TEST(Base64Url, IsStrictAndRoundTrips) {
  EXPECT_EQ(base64url_encode(std::string_view("\xfb\xff", 2)), "-_8");
  EXPECT_EQ(base64url_decode("-_8"), std::string("\xfb\xff"));
  EXPECT_EQ(base64url_decode(""), std::string());
  for (std::string_view bad : {"+/8", "-_8=", "-_9", "A", "AB CD", "AB\n"})
    EXPECT_EQ(base64url_decode(bad), std::nullopt) << bad;
}

}  // namespace
}  // namespace latchkey::auth
