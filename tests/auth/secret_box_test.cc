#include "auth/secret_box.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace latchkey::auth {
namespace {

namespace fs = std::filesystem;

class SecretBoxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::path(::testing::TempDir()) / "secret_box_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  SecretBox make_box() {
    auto box = SecretBox::load_or_create((dir_ / "key").string(), "", random_);
    EXPECT_TRUE(box) << (box ? "" : box.error().message);
    return std::move(*box);
  }

  fs::path dir_;
  SodiumRandom random_;
};

TEST_F(SecretBoxTest, SealOpenRoundTrip) {
  SecretBox box = make_box();
  const std::string sealed = box.seal("JBSWY3DPEHPK3PXP", "account:42", random_);
  EXPECT_EQ(sealed.find("JBSWY3DPEHPK3PXP"), std::string::npos);
  // base64 of 24-byte nonce + 16 plaintext bytes + 16-byte tag = 56 bytes.
  EXPECT_EQ(sealed.size(), 76u);
  auto opened = box.open(sealed, "account:42");
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "JBSWY3DPEHPK3PXP");
  // Fresh nonce every time.
  EXPECT_NE(box.seal("JBSWY3DPEHPK3PXP", "account:42", random_), sealed);
  auto empty = box.open(box.seal("", "ctx", random_), "ctx");
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, "");
}

TEST_F(SecretBoxTest, ContextIsBound) {
  SecretBox box = make_box();
  const std::string sealed = box.seal("secret", "account:42", random_);
  EXPECT_FALSE(box.open(sealed, "account:43"));
  EXPECT_FALSE(box.open(sealed, ""));
}

TEST_F(SecretBoxTest, TamperingIsDetected) {
  SecretBox box = make_box();
  const std::string sealed = box.seal("secret value", "ctx", random_);
  for (std::size_t i = 0; i < sealed.size(); i += 7) {
    std::string bad = sealed;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(box.open(bad, "ctx")) << i;
  }
  EXPECT_FALSE(box.open(sealed.substr(0, sealed.size() - 4), "ctx"));
  EXPECT_FALSE(box.open("", "ctx"));
  EXPECT_FALSE(box.open("not base64!", "ctx"));
}

TEST_F(SecretBoxTest, KeyFileCreatedPrivateAndReloaded) {
  const fs::path key_file = dir_ / "nested" / "dir" / "server.key";
  std::string sealed;
  {
    auto box = SecretBox::load_or_create(key_file.string(), "", random_);
    ASSERT_TRUE(box) << box.error().message;
    sealed = box->seal("payload", "ctx", random_);
  }
  struct stat st {};
  ASSERT_EQ(::stat(key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  ASSERT_EQ(::stat(key_file.parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u) << "created directories are private";
  // No temp files left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(key_file.parent_path()), {}), 1);

  auto again = SecretBox::load_or_create(key_file.string(), "", random_);
  ASSERT_TRUE(again);
  auto opened = again->open(sealed, "ctx");
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "payload");
}

TEST_F(SecretBoxTest, GroupReadableKeyFileIsRefused) {
  const fs::path key_file = dir_ / "key";
  { ASSERT_TRUE(SecretBox::load_or_create(key_file.string(), "", random_)); }
  ASSERT_EQ(::chmod(key_file.c_str(), 0640), 0);
  auto box = SecretBox::load_or_create(key_file.string(), "", random_);
  ASSERT_FALSE(box);
  EXPECT_NE(box.error().message.find(key_file.string()), std::string::npos) << box.error().message;
  EXPECT_NE(box.error().message.find("chmod 600"), std::string::npos) << box.error().message;
}

TEST_F(SecretBoxTest, WrongSizeKeyFileIsRefused) {
  const fs::path key_file = dir_ / "key";
  { std::ofstream(key_file) << "too short"; }
  ASSERT_EQ(::chmod(key_file.c_str(), 0600), 0);
  auto box = SecretBox::load_or_create(key_file.string(), "", random_);
  ASSERT_FALSE(box);
  EXPECT_NE(box.error().message.find("exactly 32 bytes"), std::string::npos) << box.error().message;
}

TEST_F(SecretBoxTest, KeyFromEnvironmentWinsAndIsValidated) {
  // 32 bytes 0x00..0x1f, base64.
  const std::string b64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  auto a = SecretBox::load_or_create((dir_ / "unused").string(), b64, random_);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_FALSE(fs::exists(dir_ / "unused"));
  SecretBox::Key key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(i);
  SecretBox b(key);
  auto opened = b.open(a->seal("x", "c", random_), "c");
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "x");

  auto short_key = SecretBox::load_or_create("", "AAECAwQF", random_);
  ASSERT_FALSE(short_key);
  EXPECT_NE(short_key.error().message.find("LATCHKEY_SERVER_KEY"), std::string::npos);
  EXPECT_FALSE(SecretBox::load_or_create("", "not base64 at all!", random_));
}

TEST_F(SecretBoxTest, DifferentKeysCannotOpen) {
  SecretBox::Key k1{}, k2{};
  k2[0] = 1;
  SecretBox a(k1), b(k2);
  EXPECT_FALSE(b.open(a.seal("x", "c", random_), "c"));
}

}  // namespace
}  // namespace latchkey::auth
