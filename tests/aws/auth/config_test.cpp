// INI parsing, shared config profiles, profile choice, region and endpoint
// resolution.

#include <gtest/gtest.h>

#include "aws/auth/fakes.hpp"
#include "sparta/aws/aws_config.hpp"
#include "sparta/aws/environment.hpp"
#include "sparta/aws/ini_file.hpp"
#include "sparta/aws/shared_config.hpp"

namespace sparta::aws {
namespace {

using testing::FixtureEnvironment;
using testing::kHome;
using testing::LoadConfig;

// --- INI ---

TEST(IniFile, ParsesSectionsKeysCommentsAndNestedSettings) {
  Result<IniFile> file = ParseIniFile(
      "\xEF\xBB\xBF# comment\n"
      "; another\n"
      "[ default ]  # trailing\n"
      "Region=us-east-1\r\n"
      "  \n"
      "name = a#b ; c\n"
      "url = http://x/#frag\n"
      "multi = first\n"
      "  second\n"
      "[profile x]\n"
      "s3 =\n"
      "  endpoint_url = http://localhost:1\n"
      "  addressing_style = path\n"
      "key = v\n"
      "[default]\n"
      "region = eu-west-1\n",
      "cfg");
  ASSERT_TRUE(file.ok()) << file.error().message;
  ASSERT_EQ(file->sections.size(), 2u);
  const IniSection* def = file->Find("default");
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->properties.at("region"), "eu-west-1");  // repeated section: later wins
  EXPECT_EQ(def->properties.at("name"), "a#b");          // '#' only after whitespace
  EXPECT_EQ(def->properties.at("url"), "http://x/#frag");
  EXPECT_EQ(def->properties.at("multi"), "first\nsecond");
  const IniSection* x = file->Find("profile x");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->sub_properties.at("s3").at("endpoint_url"), "http://localhost:1");
  EXPECT_EQ(x->sub_properties.at("s3").at("addressing_style"), "path");
  EXPECT_EQ(x->properties.at("key"), "v");
}

TEST(IniFile, ErrorsNameTheLineButNeverQuoteIt) {
  const std::string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  Result<IniFile> file = ParseIniFile("[default]\naws_access_key_id = AKIA\n" + secret + "\n",
                                      "/home/u/.aws/credentials");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, "InvalidConfig");
  EXPECT_NE(file.error().message.find("/home/u/.aws/credentials:3"), std::string::npos);
  EXPECT_EQ(file.error().message.find(secret), std::string::npos);

  EXPECT_FALSE(ParseIniFile("key = value\n", "f").ok());        // before any section
  EXPECT_FALSE(ParseIniFile("[unterminated\n", "f").ok());
  EXPECT_FALSE(ParseIniFile("[]\n", "f").ok());
  EXPECT_FALSE(ParseIniFile("[a]\n = v\n", "f").ok());
  EXPECT_FALSE(ParseIniFile("[a]\ns3 =\n  no-equals\n", "f").ok());
}

// --- shared config ---

TEST(SharedConfig, MergesBothFilesCredentialsFileWinning) {
  auto env = FixtureEnvironment();
  auto config = LoadConfig(*env);
  const Profile* dev = config->FindProfile("dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(*dev->Get("region"), "us-west-2");
  EXPECT_EQ(*dev->Get("aws_access_key_id"), "AKIADEVFROMCONFIG");
  EXPECT_EQ(*dev->Get("aws_secret_access_key"), "dev/SECRET+key");
  EXPECT_EQ(*config->FindProfile("default")->Get("region"), "eu-west-1");
  EXPECT_NE(config->FindProfile("base"), nullptr);    // credentials-file only
  EXPECT_EQ(config->FindProfile("local-services"), nullptr);  // a [services] section
  EXPECT_EQ(config->config_path(), std::string(kHome) + "/.aws/config");
  const auto* s3 = config->FindServiceSettings("local-services", "s3");
  ASSERT_NE(s3, nullptr);
  EXPECT_EQ(s3->at("endpoint_url"), "http://127.0.0.1:9000/s3-prefix/");
}

TEST(SharedConfig, FileLocationsFromTheEnvironment) {
  InMemoryEnvironment env;
  env.SetHomeDirectory("/h");
  env.SetEnv("AWS_CONFIG_FILE", "~/custom/config");
  env.SetEnv("AWS_SHARED_CREDENTIALS_FILE", "/etc/creds");
  env.SetFile("/h/custom/config", "[profile p]\nregion = sa-east-1\n");
  env.SetFile("/etc/creds", "[q]\naws_access_key_id = A\n");
  Result<SharedConfig> config = SharedConfig::Load(env);
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(*config->FindProfile("p")->Get("region"), "sa-east-1");
  EXPECT_NE(config->FindProfile("q"), nullptr);
  EXPECT_EQ(config->FilesForMessages(), "/h/custom/config or /etc/creds");
}

TEST(SharedConfig, MissingFilesAreEmptyAndBadOnesAreErrors) {
  InMemoryEnvironment env;
  env.SetHomeDirectory("/nowhere");
  Result<SharedConfig> empty = SharedConfig::Load(env);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->FindProfile("default"), nullptr);

  env.SetFile("/nowhere/.aws/config", "garbage line\n");
  Result<SharedConfig> bad = SharedConfig::Load(env);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("/nowhere/.aws/config:1"), std::string::npos);

  InMemoryEnvironment homeless;
  homeless.SetHomeDirectory(std::nullopt);
  Result<SharedConfig> no_home = SharedConfig::Load(homeless);
  ASSERT_FALSE(no_home.ok());
  EXPECT_NE(no_home.error().message.find("AWS_CONFIG_FILE"), std::string::npos);
}

TEST(ProfileChoice, FlagThenAwsProfileThenAwsDefaultProfileThenDefault) {
  InMemoryEnvironment env;
  EXPECT_EQ(ChooseProfile("", env).name, "default");
  EXPECT_FALSE(ChooseProfile("", env).explicitly_named());
  env.SetEnv("AWS_DEFAULT_PROFILE", "older");
  EXPECT_EQ(ChooseProfile("", env).name, "older");
  env.SetEnv("AWS_PROFILE", "");  // empty counts as unset
  EXPECT_EQ(ChooseProfile("", env).origin, "AWS_DEFAULT_PROFILE");
  env.SetEnv("AWS_PROFILE", "env");
  EXPECT_EQ(ChooseProfile("", env).name, "env");
  ProfileChoice flag = ChooseProfile("cli", env);
  EXPECT_EQ(flag.name, "cli");
  EXPECT_EQ(flag.origin, "--profile");
}

TEST(ProfileChoice, ExplicitMissingProfileIsAnErrorNamingFiles) {
  auto env = FixtureEnvironment();
  auto config = LoadConfig(*env);
  EXPECT_TRUE(CheckProfileExists(ChooseProfile("dev", *env), *config).ok());
  Status missing = CheckProfileExists(ChooseProfile("prod", *env), *config);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "ProfileNotFound");
  EXPECT_NE(missing.error().message.find("'prod'"), std::string::npos);
  EXPECT_NE(missing.error().message.find("--profile"), std::string::npos);
  EXPECT_NE(missing.error().message.find(std::string(kHome) + "/.aws/config"), std::string::npos);
  EXPECT_NE(missing.error().message.find(std::string(kHome) + "/.aws/credentials"),
            std::string::npos);
  // "default" need not exist when nobody named it.
  InMemoryEnvironment bare;
  EXPECT_TRUE(CheckProfileExists(ChooseProfile("", bare), SharedConfig()).ok());
}

// --- region ---

TEST(Region, Precedence) {
  auto env = FixtureEnvironment();
  auto config = LoadConfig(*env);
  EXPECT_EQ(*ResolveRegion("", *env, *config, "dev"), "us-west-2");
  EXPECT_EQ(*ResolveRegion("", *env, *config, "default"), "eu-west-1");
  env->SetEnv("AWS_DEFAULT_REGION", "ca-central-1");
  EXPECT_EQ(*ResolveRegion("", *env, *config, "dev"), "ca-central-1");
  env->SetEnv("AWS_REGION", "ap-northeast-1");
  EXPECT_EQ(*ResolveRegion("", *env, *config, "dev"), "ap-northeast-1");
  EXPECT_EQ(*ResolveRegion("eu-central-1", *env, *config, "dev"), "eu-central-1");
}

TEST(Region, MissingAndMalformed) {
  auto env = FixtureEnvironment();
  auto config = LoadConfig(*env);
  Result<std::string> none = ResolveRegion("", *env, *config, "base");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, "NoRegion");
  EXPECT_NE(none.error().message.find(
                "no AWS region: pass --region, set AWS_REGION, or set region in profile base"),
            std::string::npos);
  Result<std::string> bad = ResolveRegion("us-east-1.evil.com/", *env, *config, "dev");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "InvalidArgument");
  EXPECT_NE(bad.error().message.find("--region"), std::string::npos);
  env->SetEnv("AWS_REGION", "US EAST");
  bad = ResolveRegion("", *env, *config, "dev");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("AWS_REGION"), std::string::npos);
}

// --- endpoint URLs ---

TEST(EndpointUrl, ParsesStrictly) {
  Result<EndpointUrl> url = ParseEndpointUrl("HTTP://LocalHost:4566/base/path/", "--endpoint-url");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(url->scheme, "http");
  EXPECT_EQ(url->host, "localhost");
  EXPECT_EQ(url->port, 4566);
  EXPECT_EQ(url->base_path, "/base/path");
  url = ParseEndpointUrl("https://[::1]:8443", "x");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 8443);
  EXPECT_EQ(url->base_path, "");
  url = ParseEndpointUrl("https://s3.example.com/", "x");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->port, 0);
  EXPECT_EQ(url->base_path, "");

  for (const char* bad : {"localhost:4566", "ftp://x", "http://", "http://:80", "http://h:0",
                          "http://h:65536", "http://h:8x", "http://h:", "http://user:pw@h",
                          "http://h/p?q=1", "http://h/#f", "http://h/a b", "http://[::1",
                          "http://h_!", "https://[zz]/"}) {
    Result<EndpointUrl> parsed = ParseEndpointUrl(bad, "--endpoint-url");
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, "InvalidEndpoint");
    EXPECT_NE(parsed.error().message.find(bad), std::string::npos);
    EXPECT_NE(parsed.error().message.find("--endpoint-url"), std::string::npos);
  }
}

TEST(Endpoint, DefaultsPerServiceAndPartition) {
  InMemoryEnvironment env;
  SharedConfig config;
  Result<ResolvedEndpoint> s3 = ResolveEndpoint("S3", "us-east-1", "", env, config, "default");
  ASSERT_TRUE(s3.ok());
  EXPECT_EQ(s3->scheme, "https");
  EXPECT_EQ(s3->host, "s3.us-east-1.amazonaws.com");
  EXPECT_EQ(s3->port, 0);
  EXPECT_EQ(s3->signing_name, "s3");
  EXPECT_EQ(s3->signing_region, "us-east-1");
  EXPECT_FALSE(s3->custom);
  EXPECT_EQ(ResolveEndpoint("CloudFormation", "eu-west-1", "", env, config, "default")->host,
            "cloudformation.eu-west-1.amazonaws.com");
  EXPECT_EQ(ResolveEndpoint("STS", "cn-north-1", "", env, config, "default")->host,
            "sts.cn-north-1.amazonaws.com.cn");
  Result<ResolvedEndpoint> logs =
      ResolveEndpoint("CloudWatch Logs", "us-west-2", "", env, config, "default");
  EXPECT_EQ(logs->host, "logs.us-west-2.amazonaws.com");
  EXPECT_EQ(logs->signing_name, "logs");
  EXPECT_FALSE(ResolveEndpoint("S3", "", "", env, config, "default").ok());
}

TEST(Endpoint, Precedence) {
  auto env = FixtureEnvironment();
  auto config = LoadConfig(*env);
  auto resolve = [&](std::string_view service, std::string_view flag = "") {
    Result<ResolvedEndpoint> endpoint = ResolveEndpoint(service, "us-east-1", flag, *env, *config,
                                                        "local");
    EXPECT_TRUE(endpoint.ok()) << endpoint.error().message;
    return endpoint.ok() ? *endpoint : ResolvedEndpoint{};
  };
  // 5. profile endpoint_url (Lambda has no [services] entry).
  ResolvedEndpoint lambda = resolve("Lambda");
  EXPECT_EQ(lambda.host, "localhost");
  EXPECT_EQ(lambda.port, 4566);
  EXPECT_EQ(lambda.signing_name, "lambda");
  EXPECT_TRUE(lambda.custom);
  EXPECT_EQ(lambda.origin, "endpoint_url in profile local");
  // 4. the [services] section.
  ResolvedEndpoint s3 = resolve("S3");
  EXPECT_EQ(s3.host, "127.0.0.1");
  EXPECT_EQ(s3.port, 9000);
  EXPECT_EQ(s3.base_path, "/s3-prefix");
  EXPECT_EQ(resolve("CloudFormation").port, 9001);
  // 3. AWS_ENDPOINT_URL beats the files.
  env->SetEnv("AWS_ENDPOINT_URL", "http://127.0.0.2:7000");
  EXPECT_EQ(resolve("S3").host, "127.0.0.2");
  EXPECT_EQ(resolve("Lambda").origin, "AWS_ENDPOINT_URL");
  // 2. the service-specific variable beats AWS_ENDPOINT_URL, for that service only.
  env->SetEnv("AWS_ENDPOINT_URL_CLOUDFORMATION", "https://cfn.local");
  EXPECT_EQ(resolve("CloudFormation").host, "cfn.local");
  EXPECT_EQ(resolve("CloudFormation").scheme, "https");
  EXPECT_EQ(resolve("S3").host, "127.0.0.2");
  env->SetEnv("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://logs.local");
  EXPECT_EQ(resolve("CloudWatch Logs").host, "logs.local");
  // 1. the flag beats everything.
  ResolvedEndpoint flagged = resolve("CloudFormation", "http://127.0.0.1:1234");
  EXPECT_EQ(flagged.port, 1234);
  EXPECT_EQ(flagged.origin, "--endpoint-url");
  EXPECT_EQ(flagged.signing_name, "cloudformation");
  EXPECT_EQ(flagged.signing_region, "us-east-1");
  // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS drops 2-5 but keeps the flag.
  env->SetEnv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
  EXPECT_EQ(resolve("CloudFormation").host, "cloudformation.us-east-1.amazonaws.com");
  EXPECT_EQ(resolve("S3").origin, "default");
  EXPECT_EQ(resolve("S3", "http://127.0.0.1:1").port, 1);
}

TEST(Endpoint, ProfileCanIgnoreConfiguredEndpoints) {
  auto env = FixtureEnvironment();
  auto config = LoadConfig(*env);
  Result<ResolvedEndpoint> endpoint =
      ResolveEndpoint("STS", "us-east-1", "", *env, *config, "ignore-endpoints");
  ASSERT_TRUE(endpoint.ok());
  EXPECT_EQ(endpoint->host, "sts.us-east-1.amazonaws.com");
  // The variable, when set, decides.
  env->SetEnv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false");
  endpoint = ResolveEndpoint("STS", "us-east-1", "", *env, *config, "ignore-endpoints");
  EXPECT_EQ(endpoint->host, "localhost");
}

TEST(Endpoint, MalformedOverridesNameTheirOrigin) {
  auto env = FixtureEnvironment();
  auto config = LoadConfig(*env);
  env->SetEnv("AWS_ENDPOINT_URL_S3", "localhost:4566");
  Result<ResolvedEndpoint> endpoint =
      ResolveEndpoint("S3", "us-east-1", "", *env, *config, "default");
  ASSERT_FALSE(endpoint.ok());
  EXPECT_EQ(endpoint.error().code, "InvalidEndpoint");
  EXPECT_NE(endpoint.error().message.find("AWS_ENDPOINT_URL_S3"), std::string::npos);
}

}  // namespace
}  // namespace sparta::aws
