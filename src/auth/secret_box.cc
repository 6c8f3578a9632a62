#include "auth/secret_box.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <array>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

namespace latchkey::auth {
namespace {

constexpr auto kBase64Variant = sodium_base64_VARIANT_ORIGINAL;
constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;  // 24
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;       // 16
static_assert(SecretBox::kKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

// Startup errors: the message is for the operator and names the problem exactly.
Error startup_error(std::string message) {
  Error e(ErrorCode::kInternal, std::move(message));
  e.detail = e.message;
  return e;
}

std::string errno_text() { return std::generic_category().message(errno); }

std::string mode_text(mode_t mode) {
  char buf[8];
  (void)std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));  // 4 digits always fit
  return buf;
}

// Closes a file descriptor on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Key bytes on the stack, wiped on scope exit.
struct KeyBuffer {
  SecretBox::Key key{};
  ~KeyBuffer() { sodium_memzero(key.data(), key.size()); }
};

bool read_exact(int fd, std::uint8_t* out, std::size_t n) {
  while (n > 0) {
    const ssize_t got = ::read(fd, out, n);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;
    out += got;
    n -= static_cast<std::size_t>(got);
  }
  return true;
}

bool write_all(int fd, const std::uint8_t* data, std::size_t n) {
  while (n > 0) {
    const ssize_t put = ::write(fd, data, n);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return false;
    data += put;
    n -= static_cast<std::size_t>(put);
  }
  return true;
}

Result<SecretBox> key_from_env(std::string_view b64) {
  std::vector<std::uint8_t> bin(b64.size());
  std::size_t length = 0;
  const char* end = nullptr;
  const bool ok = sodium_base642bin(bin.data(), bin.size(), b64.data(), b64.size(), " \t\r\n",
                                    &length, &end, kBase64Variant) == 0 &&
                  end == b64.data() + b64.size();
  if (!ok || length != SecretBox::kKeyBytes) {
    sodium_memzero(bin.data(), bin.size());
    return fail(startup_error(
        "LATCHKEY_SERVER_KEY must be the standard base64 encoding of exactly 32 bytes "
        "(generate one with: head -c 32 /dev/urandom | base64)"));
  }
  KeyBuffer key;
  std::memcpy(key.key.data(), bin.data(), key.key.size());
  sodium_memzero(bin.data(), bin.size());
  return SecretBox(key.key);
}

// Reads an existing key file; nullopt-like ENOENT is reported through `missing`.
Result<SecretBox> key_from_file(const std::string& path, bool& missing) {
  missing = false;
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) {
    if (errno == ENOENT) {
      missing = true;
      return fail(startup_error("server key file " + path + " does not exist"));
    }
    return fail(startup_error("cannot open server key file " + path + ": " + errno_text()));
  }
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) {
    return fail(startup_error("cannot stat server key file " + path + ": " + errno_text()));
  }
  if (!S_ISREG(st.st_mode)) {
    return fail(startup_error("server key file " + path + " is not a regular file"));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return fail(startup_error("server key file " + path + " has mode " + mode_text(st.st_mode) +
                              ", which lets group or others access it; run: chmod 600 " + path));
  }
  if (st.st_size != static_cast<off_t>(SecretBox::kKeyBytes)) {
    return fail(startup_error("server key file " + path + " must contain exactly 32 bytes, it has " +
                              std::to_string(st.st_size)));
  }
  KeyBuffer key;
  if (!read_exact(file.fd, key.key.data(), key.key.size())) {
    return fail(startup_error("cannot read server key file " + path + ": " + errno_text()));
  }
  return SecretBox(key.key);
}

// mkdir -p with mode 0700 for the directories we create.
Status make_parent_dirs(const std::filesystem::path& dir) {
  if (dir.empty()) return {};
  std::filesystem::path current;
  for (const auto& part : dir) {
    current /= part;
    if (::mkdir(current.c_str(), 0700) != 0 && errno != EEXIST) {
      return fail(startup_error("cannot create directory " + current.string() +
                                " for the server key: " + errno_text()));
    }
  }
  return {};
}

void fsync_dir(const std::filesystem::path& dir) {
  Fd d{::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd >= 0) ::fsync(d.fd);
}

// Writes a fresh key to a private temp file, then links it into place. link()
// never replaces an existing file, so two servers starting at once agree on one key.
Status create_key_file(const std::string& path, Random& random) {
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (auto s = make_parent_dirs(dir); !s) return s;

  std::array<std::uint8_t, 8> tag{};
  random.fill(tag);
  char suffix[2 * sizeof tag + 1];
  for (std::size_t i = 0; i < tag.size(); ++i) (void)std::snprintf(suffix + 2 * i, 3, "%02x", tag[i]);  // 2 digits fit
  const std::string temp = path + ".tmp-" + suffix;

  KeyBuffer key;
  random.fill(key.key);
  {
    Fd out{::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)};
    if (out.fd < 0) {
      return fail(startup_error("cannot create server key file " + temp + ": " + errno_text()));
    }
    if (!write_all(out.fd, key.key.data(), key.key.size()) || ::fsync(out.fd) != 0) {
      const std::string why = errno_text();
      ::unlink(temp.c_str());
      return fail(startup_error("cannot write server key file " + temp + ": " + why));
    }
  }
  const int linked = ::link(temp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    return fail(startup_error("cannot create server key file " + path + ": " +
                              std::generic_category().message(link_errno)));
  }
  fsync_dir(dir);
  return {};
}

}  // namespace

SecretBox::SecretBox(const Key& key) : key_(key) {
  [[maybe_unused]] static const int init = sodium_init();
}

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

SecretBox::SecretBox(SecretBox&& other) noexcept : key_(other.key_) {
  sodium_memzero(other.key_.data(), other.key_.size());
}

Result<SecretBox> SecretBox::load_or_create(const std::string& key_file,
                                            std::string_view env_key_base64, Random& random) {
  if (!env_key_base64.empty()) return key_from_env(env_key_base64);
  if (key_file.empty()) {
    return fail(startup_error("no server key: set LATCHKEY_SERVER_KEY or a key file path"));
  }
  bool missing = false;
  auto loaded = key_from_file(key_file, missing);
  if (loaded || !missing) return loaded;
  if (auto created = create_key_file(key_file, random); !created) {
    return fail(created.error());
  }
  return key_from_file(key_file, missing);  // also re-checks what another process wrote
}

std::string SecretBox::seal(std::string_view plaintext, std::string_view context,
                            Random& random) const {
  std::vector<std::uint8_t> box(kNonceBytes + plaintext.size() + kTagBytes);
  random.fill(std::span(box.data(), kNonceBytes));
  unsigned long long cipher_length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      box.data() + kNonceBytes, &cipher_length,
      reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
      reinterpret_cast<const unsigned char*>(context.data()), context.size(), nullptr,
      box.data(), key_.data());
  std::string out(sodium_base64_ENCODED_LEN(box.size(), kBase64Variant), '\0');
  sodium_bin2base64(out.data(), out.size(), box.data(), box.size(), kBase64Variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string SecretBox::keyed_hash(std::string_view purpose, std::string_view data) const {
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key_.data(), key_.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(purpose.data()),
                                purpose.size());
  const unsigned char separator = 0;
  crypto_auth_hmacsha256_update(&state, &separator, 1);
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(data.data()),
                                data.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  std::string hex(mac.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
  hex.pop_back();
  return hex;
}

Result<std::string> SecretBox::open(std::string_view sealed, std::string_view context) const {
  if (sealed.empty())  // also keeps a null buffer away from sodium_base642bin
    return fail(internal("secret box: sealed value is empty"));
  std::vector<std::uint8_t> box(sealed.size());
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(box.data(), box.size(), sealed.data(), sealed.size(), nullptr, &length,
                        &end, kBase64Variant) != 0 ||
      end != sealed.data() + sealed.size() || length < kNonceBytes + kTagBytes) {
    return fail(internal("secret box: sealed value is not valid base64 of nonce||ciphertext"));
  }
  std::string plain(length - kNonceBytes - kTagBytes, '\0');
  unsigned long long plain_length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &plain_length, nullptr,
          box.data() + kNonceBytes, length - kNonceBytes,
          reinterpret_cast<const unsigned char*>(context.data()), context.size(), box.data(),
          key_.data()) != 0) {
    return fail(internal("secret box: authentication failed (wrong key or context, or tampered)"));
  }
  plain.resize(plain_length);
  return plain;
}

}  // namespace latchkey::auth
