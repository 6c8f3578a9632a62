#include "auth/totp.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <random>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace latchkey::auth {
namespace {

// RFC 4226 Appendix D / RFC 6238 Appendix B SHA-1 seed.
constexpr std::string_view kRfcSecret = "12345678901234567890";
constexpr std::string_view kRfcSecretBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

// Yields 0, 1, 2, ... as bytes.
class CountingRandom final : public Random {
 public:
  void fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) b = next_++;
  }

 private:
  std::uint8_t next_ = 0;
};

// Deterministic pseudo-random bytes, so a failing cross-check reproduces.
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(std::uint64_t seed) : engine_(seed) {}
  void fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) b = static_cast<std::uint8_t>(engine_());
  }
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

TEST(Hotp, Rfc4226AppendixDVectors) {
  constexpr std::array<std::string_view, 10> kExpected = {
      "755224", "287082", "359152", "969429", "338314",
      "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t count = 0; count < kExpected.size(); ++count) {
    EXPECT_EQ(hotp_code(kRfcSecret, count), kExpected[count]) << "count " << count;
  }
}

struct TotpVector {
  std::int64_t time;
  std::int64_t step;
  std::string_view sha1_8_digits;
};
// RFC 6238 Appendix B, SHA-1 column (security checklist §3.1).
constexpr std::array<TotpVector, 6> kRfc6238Vectors = {{
    {59, 1, "94287082"},
    {1111111109, 37037036, "07081804"},
    {1111111111, 37037037, "14050471"},
    {1234567890, 41152263, "89005924"},
    {2000000000, 66666666, "69279037"},
    {20000000000, 666666666, "65353130"},  // needs 64-bit time: catches int32 overflow
}};

TEST(Totp, Rfc6238AppendixBSha1VectorsEightDigits) {
  for (const auto& v : kRfc6238Vectors) {
    EXPECT_EQ(totp_step(v.time), v.step) << v.time;
    EXPECT_EQ(totp_code(kRfcSecret, v.time, 8), v.sha1_8_digits) << v.time;
  }
}

TEST(Totp, SixDigitCodesAreTheLastSixDigitsWithLeadingZeros) {
  for (const auto& v : kRfc6238Vectors) {
    EXPECT_EQ(totp_code(kRfcSecret, v.time), v.sha1_8_digits.substr(2)) << v.time;
  }
  EXPECT_EQ(totp_code(kRfcSecret, 1234567890), "005924");
}

TEST(Totp, StepIsFloorOfTimeOverThirty) {
  EXPECT_EQ(totp_step(0), 0);
  EXPECT_EQ(totp_step(29), 0);
  EXPECT_EQ(totp_step(30), 1);
  EXPECT_EQ(totp_step(-1), -1);
  EXPECT_EQ(totp_step(-30), -1);
  EXPECT_EQ(totp_step(-31), -2);
}

TEST(TotpSecret, IsTwentyBytesFromTheInjectedRandom) {
  CountingRandom counting;
  const Secret secret = generate_totp_secret(counting);
  ASSERT_EQ(secret.size(), kTotpSecretBytes);
  for (std::size_t i = 0; i < secret.size(); ++i) {
    EXPECT_EQ(static_cast<std::uint8_t>(secret.reveal()[i]), i);
  }
}

TEST(TotpSecret, TwoHundredEnrolmentsAreDistinct) {
  SodiumRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) seen.emplace(generate_totp_secret(random).reveal());
  EXPECT_EQ(seen.size(), 200u);
}

// --- verify_totp: window [T-1, T], each step accepted once (checklist S13) ---

class VerifyTotp : public ::testing::Test {
 protected:
  static constexpr std::int64_t kNow = 1'700'000'015;  // mid-step
  static constexpr std::int64_t kStep = kNow / 30;
  std::string code_at_step(std::int64_t step) {
    return hotp_code(kRfcSecret, static_cast<std::uint64_t>(step));
  }
};

TEST_F(VerifyTotp, AcceptsCurrentAndPreviousStep) {
  EXPECT_EQ(verify_totp(kRfcSecret, code_at_step(kStep), kNow, kTotpNoStepUsed), kStep);
  EXPECT_EQ(verify_totp(kRfcSecret, code_at_step(kStep - 1), kNow, kTotpNoStepUsed), kStep - 1);
  EXPECT_EQ(verify_totp(kRfcSecret, totp_code(kRfcSecret, kNow), kNow, 0), kStep);
}

TEST_F(VerifyTotp, RefusesTwoStepsBackAndOneAhead) {
  EXPECT_EQ(verify_totp(kRfcSecret, code_at_step(kStep - 2), kNow, kTotpNoStepUsed), std::nullopt);
  EXPECT_EQ(verify_totp(kRfcSecret, code_at_step(kStep + 1), kNow, kTotpNoStepUsed), std::nullopt);
  EXPECT_EQ(verify_totp(kRfcSecret, code_at_step(kStep + 2), kNow, kTotpNoStepUsed), std::nullopt);
}

TEST_F(VerifyTotp, WindowFollowsStepBoundaries) {
  const std::int64_t start = kStep * 30;
  const std::string code = code_at_step(kStep);
  EXPECT_EQ(verify_totp(kRfcSecret, code, start - 1, kTotpNoStepUsed), std::nullopt);
  EXPECT_EQ(verify_totp(kRfcSecret, code, start, kTotpNoStepUsed), kStep);
  EXPECT_EQ(verify_totp(kRfcSecret, code, start + 59, kTotpNoStepUsed), kStep);  // as T-1
  EXPECT_EQ(verify_totp(kRfcSecret, code, start + 60, kTotpNoStepUsed), std::nullopt);
}

TEST_F(VerifyTotp, EachStepIsAcceptedOnceAndOnlyForward) {
  const std::string code = code_at_step(kStep);
  const auto accepted = verify_totp(kRfcSecret, code, kNow, kTotpNoStepUsed);
  ASSERT_EQ(accepted, kStep);
  // Replay of the same code, now and later in its window.
  EXPECT_EQ(verify_totp(kRfcSecret, code, kNow, *accepted), std::nullopt);
  EXPECT_EQ(verify_totp(kRfcSecret, code, kNow + 30, *accepted), std::nullopt);
  // The older T-1 code is not newer than the accepted step.
  EXPECT_EQ(verify_totp(kRfcSecret, code_at_step(kStep - 1), kNow, *accepted), std::nullopt);
  // The next step's code is accepted once time reaches it.
  EXPECT_EQ(verify_totp(kRfcSecret, code_at_step(kStep + 1), kNow + 30, *accepted), kStep + 1);
}

TEST_F(VerifyTotp, AcceptedPreviousStepStillAllowsTheCurrentOne) {
  const auto accepted = verify_totp(kRfcSecret, code_at_step(kStep - 1), kNow, kTotpNoStepUsed);
  ASSERT_EQ(accepted, kStep - 1);
  EXPECT_EQ(verify_totp(kRfcSecret, code_at_step(kStep), kNow, *accepted), kStep);
}

TEST_F(VerifyTotp, RefusesMalformedCodes) {
  const std::string good = code_at_step(kStep);
  for (const std::string& bad :
       {std::string(), good.substr(1), good + "0", " " + good.substr(1), good.substr(0, 5) + "x",
        std::string("+") + good.substr(1), std::string(good.data(), 5) + '\0',
        totp_code(kRfcSecret, kNow, 8), std::string("\xEF\xBC\x90") + good.substr(3)}) {
    EXPECT_EQ(verify_totp(kRfcSecret, bad, kNow, kTotpNoStepUsed), std::nullopt) << bad;
  }
}

TEST_F(VerifyTotp, RefusesWrongSecretAndNegativeTime) {
  EXPECT_EQ(verify_totp("another secret 20 by", code_at_step(kStep), kNow, kTotpNoStepUsed),
            std::nullopt);
  EXPECT_EQ(verify_totp(kRfcSecret, totp_code(kRfcSecret, 0), -1, kTotpNoStepUsed), std::nullopt);
}

TEST_F(VerifyTotp, FirstStepHasNoPreviousStep) {
  EXPECT_EQ(verify_totp(kRfcSecret, hotp_code(kRfcSecret, 0), 10, kTotpNoStepUsed), 0);
  EXPECT_EQ(verify_totp(kRfcSecret, hotp_code(kRfcSecret, 0), 35, kTotpNoStepUsed), 0);
}

TEST_F(VerifyTotp, SixtyFourBitTime) {
  constexpr std::int64_t kFar = 20'000'000'000;
  EXPECT_EQ(verify_totp(kRfcSecret, "353130", kFar, kTotpNoStepUsed), 666666666);
}

// --- base32 (RFC 4648) ---

TEST(Base32, Rfc4648Section10Vectors) {
  const std::array<std::pair<std::string_view, std::string_view>, 7> kVectors = {{
      {"", ""},
      {"f", "MY"},
      {"fo", "MZXQ"},
      {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI"},
  }};
  for (const auto& [plain, encoded] : kVectors) {
    EXPECT_EQ(base32_encode(plain), encoded);
    EXPECT_EQ(base32_decode(encoded), plain) << encoded;
  }
  EXPECT_EQ(base32_encode(kRfcSecret), kRfcSecretBase32);
}

TEST(Base32, DecodeAcceptsPaddingAndLowerCase) {
  EXPECT_EQ(base32_decode("MY======"), "f");
  EXPECT_EQ(base32_decode("MZXQ===="), "fo");
  EXPECT_EQ(base32_decode("MZXW6==="), "foo");
  EXPECT_EQ(base32_decode("MZXW6YQ="), "foob");
  EXPECT_EQ(base32_decode("MZXW6YTBOI======"), "foobar");
  EXPECT_EQ(base32_decode("mzxw6ytboi"), "foobar");
}

TEST(Base32, DecodeRejectsMalformedInput) {
  for (std::string_view bad : {"M", "MZX", "MZXW6Y", "MZ", "MZXR", "M1", "M0", "MY=",
                               "MY=======", "MZXW6YTB========", "MY==A===", "MZ XQ", "MZX\n",
                               "M=Y=====", "========"}) {
    const auto decoded = base32_decode(bad);
    ASSERT_FALSE(decoded) << bad;
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidParams);
  }
}

TEST(Base32, RoundTripsEveryLength) {
  SeededRandom random(42);
  for (std::size_t n = 0; n <= 64; ++n) {
    std::string bytes(n, '\0');
    random.fill(std::span(reinterpret_cast<std::uint8_t*>(bytes.data()), n));
    const std::string encoded = base32_encode(bytes);
    EXPECT_EQ(encoded.size(), (n * 8 + 4) / 5);
    EXPECT_EQ(encoded.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
    EXPECT_EQ(base32_decode(encoded), bytes) << encoded;
  }
}

// --- otpauth URI (checklist S12) ---

TEST(OtpauthUri, HasTheEnrolmentShape) {
  EXPECT_EQ(otpauth_uri("Latchkey", "alice@example.com", kRfcSecret),
            "otpauth://totp/Latchkey:alice@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&issuer=Latchkey&algorithm=SHA1&digits=6&period=30");
}

TEST(OtpauthUri, PercentEncodesIssuerAndAccount) {
  EXPECT_EQ(otpauth_uri("Acme Co: Dev&Ops", "a+b/c?@example.com", kRfcSecret),
            "otpauth://totp/Acme%20Co%3A%20Dev%26Ops:a%2Bb%2Fc%3F@example.com"
            "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme%20Co%3A%20Dev%26Ops"
            "&algorithm=SHA1&digits=6&period=30");
  EXPECT_EQ(otpauth_uri("Caf\xC3\xA9", "x@y.z", "a"),
            "otpauth://totp/Caf%C3%A9:x@y.z?secret=ME&issuer=Caf%C3%A9"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(OtpauthUri, EmptyIssuerDropsPrefixAndParameter) {
  EXPECT_EQ(otpauth_uri("", "bob@example.com", kRfcSecret),
            "otpauth://totp/bob@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(OtpauthUri, SecretParameterDecodesToTheKey) {
  SodiumRandom random;
  const Secret secret = generate_totp_secret(random);
  const std::string uri = otpauth_uri("Latchkey", "a@b.c", secret.reveal());
  const auto begin = uri.find("secret=") + 7;
  const auto b32 = std::string_view(uri).substr(begin, uri.find('&', begin) - begin);
  const auto decoded = base32_decode(b32);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, secret.reveal());
  EXPECT_GE(decoded->size(), 20u);
}

// --- Cross-check against the oathtool binary (Debian package oathtool) ---

// Runs a shell command; returns its stdout, or nullopt if it failed.
std::optional<std::string> run(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  std::array<char, 256> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) out += buffer.data();
  if (::pclose(pipe) != 0) return std::nullopt;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string utc_string(std::int64_t unix_time) {
  const std::time_t t = static_cast<std::time_t>(unix_time);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  std::array<char, 64> buffer{};
  std::strftime(buffer.data(), buffer.size(), "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buffer.data();
}

TEST(TotpOathtool, AgreesOnRandomSecretsAndTimes) {
  ASSERT_TRUE(run("oathtool --version >/dev/null 2>&1"))
      << "the oathtool binary is required for this test: apt-get install oathtool";
  SeededRandom random(6238);
  std::uniform_int_distribution<std::int64_t> times(0, 20'000'000'000);
  std::vector<std::int64_t> instants = {59, 1111111111, 20'000'000'000};
  for (int i = 0; i < 12; ++i) instants.push_back(times(random.engine()));
  for (std::int64_t when : instants) {
    const Secret secret = generate_totp_secret(random);
    const std::string b32 = base32_encode(secret.reveal());
    const std::string command = "oathtool --totp -b " + b32 + " --now '" + utc_string(when) + "'";
    const auto expected = run(command);
    ASSERT_TRUE(expected) << "failed: " << command;
    EXPECT_EQ(totp_code(secret.reveal(), when), *expected) << command;
  }
}

}  // namespace
}  // namespace latchkey::auth
