// The shipped example config and docs/config.md must cover every key of the
// table, and the example must load to exactly the built-in defaults.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "config/config.h"

namespace latchkey::config {
namespace {

std::string read_file(const char* path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ConfigDocs, ExampleConfigLoadsToTheDefaults) {
  Sources s;
  s.config_file = LATCHKEY_EXAMPLE_CONFIG;
  auto c = load(s);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(*c, Config{}) << "config/latchkey.example.toml must show the built-in defaults";
}

TEST(ConfigDocs, ExampleConfigSetsEveryKeyInItsSection) {
  std::ifstream in(LATCHKEY_EXAMPLE_CONFIG);
  ASSERT_TRUE(in) << LATCHKEY_EXAMPLE_CONFIG;
  std::set<std::string> present;
  std::string section, line;
  while (std::getline(in, line)) {
    if (line.starts_with('[')) section = line.substr(1, line.find(']') - 1);
    const auto eq = line.find(" =");
    if (!line.empty() && line[0] != '#' && line[0] != '[' && eq != std::string::npos) {
      present.insert(section + "." + line.substr(0, eq));
    }
  }
  for (const auto& key : key_names()) EXPECT_TRUE(present.contains(key)) << key;
  EXPECT_EQ(present.size(), key_names().size());
}

TEST(ConfigDocs, ReferenceDocumentsEveryKeyAndItsEnvironmentVariable) {
  const std::string doc = read_file(LATCHKEY_CONFIG_DOC);
  ASSERT_FALSE(doc.empty()) << LATCHKEY_CONFIG_DOC;
  for (const auto& key : key_names()) {
    EXPECT_NE(doc.find("`" + key + "`"), std::string::npos) << key;
    EXPECT_NE(doc.find("`" + env_var_name(key) + "`"), std::string::npos) << env_var_name(key);
  }
}

}  // namespace
}  // namespace latchkey::config
