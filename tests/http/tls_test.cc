// HTTPS: the same server over TLS, with a throwaway self-signed certificate.
#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdio>
#include <filesystem>

#include "http/server.h"
#include "test_client.h"
#include "test_server.h"

namespace latchkey::http {
namespace {
using testing::FnHandler;
using testing::TestServer;

struct CertFiles {
  std::filesystem::path dir;
  std::string cert, key;
  ~CertFiles() { std::filesystem::remove_all(dir); }
};

// P-256 key and a self-signed certificate for "localhost", valid one day.
std::unique_ptr<CertFiles> make_cert() {
  auto files = std::make_unique<CertFiles>();
  files->dir = std::filesystem::temp_directory_path() /
               ("lk_http_tls_" + std::to_string(::getpid()));
  std::filesystem::create_directories(files->dir);
  files->cert = (files->dir / "cert.pem").string();
  files->key = (files->dir / "key.pem").string();

  EVP_PKEY* pkey = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -60);
  X509_gmtime_adj(X509_getm_notAfter(x), 86400);
  X509_set_pubkey(x, pkey);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509_sign(x, pkey, EVP_sha256());
  FILE* f = std::fopen(files->cert.c_str(), "w");
  PEM_write_X509(f, x);
  std::fclose(f);
  f = std::fopen(files->key.c_str(), "w");
  PEM_write_PrivateKey(f, pkey, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(x);
  EVP_PKEY_free(pkey);
  return files;
}

// Minimal blocking TLS client; returns everything read until close.
std::string tls_exchange(unsigned short port, const std::string& request, int max_version,
                         bool* handshake_ok) {
  testing::Client tcp(port);
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL_CTX_set_max_proto_version(ctx, max_version);
  SSL* ssl = SSL_new(ctx);
  std::string out;
  SSL_set_fd(ssl, tcp.fd());
  *handshake_ok = SSL_connect(ssl) == 1;
  if (*handshake_ok) {
    SSL_write(ssl, request.data(), static_cast<int>(request.size()));
    char buf[4096];
    int n;
    while ((n = SSL_read(ssl, buf, sizeof buf)) > 0) out.append(buf, n);
  }
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  return out;
}

TEST(HttpTls, ServesHttpsAndMarksRequestsSecure) {
  auto files = make_cert();
  auto o = testing::test_options();
  o.tls_cert_file = files->cert;
  o.tls_key_file = files->key;
  FnHandler handler([](Request req, Respond respond) {
    Response res;
    res.body = req.secure ? "secure " + req.path : "plain";
    respond(std::move(res));
  });
  TestServer server(o, handler);
  bool ok = false;
  const std::string reply = tls_exchange(
      server.port(), "GET /tls HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", 0, &ok);
  ASSERT_TRUE(ok);
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
  EXPECT_NE(reply.find("\r\n\r\nsecure /tls"), std::string::npos) << reply;
}

TEST(HttpTls, RefusesTls11) {
  auto files = make_cert();
  auto o = testing::test_options();
  o.tls_cert_file = files->cert;
  o.tls_key_file = files->key;
  FnHandler handler([](Request, Respond respond) { respond(Response{}); });
  TestServer server(o, handler);
  bool ok = true;
  tls_exchange(server.port(), "GET / HTTP/1.1\r\nHost: t\r\n\r\n", TLS1_1_VERSION, &ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(handler.calls, 0);
}

TEST(HttpTls, StartFailsOnBadFiles) {
  FnHandler handler([](Request, Respond respond) { respond(Response{}); });
  auto o = testing::test_options();
  o.tls_cert_file = "/nonexistent/cert.pem";
  o.tls_key_file = "/nonexistent/key.pem";
  Server missing(o, handler);
  EXPECT_THROW(missing.start(), std::runtime_error);

  auto files = make_cert();
  o.tls_cert_file = files->cert;
  o.tls_key_file = "";
  Server half(o, handler);
  EXPECT_THROW(half.start(), std::runtime_error);

  o.tls_key_file = files->cert;  // a certificate is not a key
  Server wrong(o, handler);
  EXPECT_THROW(wrong.start(), std::runtime_error);
}

}  // namespace
}  // namespace latchkey::http
