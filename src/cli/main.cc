// `latchkey`: the user CLI. Builds the real collaborators (environment,
// terminal prompter, libcurl transport, system clock, real sleeps and browser
// launches, the git program) and hands over to run().
#include <curl/curl.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/context.h"
#include "cli/curl_transport.h"
#include "cli/git.h"
#include "cli/prompt.h"
#include "cli/run.h"
#include "cli/system.h"

namespace {

// The absolute path of this binary, for `git config … helper '!<path> git:credentials'`.
std::string self_path(const char* argv0) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec && p.is_absolute()) return p.string();
  p = std::filesystem::absolute(argv0 != nullptr ? argv0 : "latchkey", ec);
  return ec ? std::string("latchkey") : p.lexically_normal().string();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace latchkey::cli;
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    std::cerr << "Error: cannot initialise libcurl\n";
    return kExitLocal;
  }
  Environment env = Environment::from_environ(environ);
  StreamPrompter prompter(std::cin, std::cerr, isatty(STDIN_FILENO) ? STDIN_FILENO : -1);
  CurlTransport transport;
  latchkey::SystemClock clock;
  ThreadSleeper sleeper;
  SpawnLauncher launcher;
  ProcessGit git;
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';

  Context ctx{env,      std::cin, std::cout, std::cerr, prompter, transport, clock, sleeper, launcher, git,
              host[0] ? host : "unknown host", {}, isatty(STDIN_FILENO) == 1, self_path(argv[0])};
  int code = run(std::vector<std::string>(argv + 1, argv + argc), ctx);
  std::cout.flush();
  curl_global_cleanup();
  return code;
}
