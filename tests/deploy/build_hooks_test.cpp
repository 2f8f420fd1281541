// The service's workflow hooks around BuildService: their order, files an
// archive hook adds, a template a pre-marshal hook changes, a validation
// veto (nothing written, rollback hooks told why).

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "sparta/deploy/build_service.hpp"
#include "sparta/util/files.hpp"
#include "sparta/util/zip.hpp"

namespace sparta::deploy {
namespace {

namespace fs = std::filesystem;

class BuildHooksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("sparta-hooks-" + std::to_string(random()));
    service_.name = "Hooked";
    service_.functions.emplace_back(
        "Hello", [](std::string_view p, runtime::Context&) { return std::string(p); });
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Any executable of this machine's architecture will do as the bootstrap
  // (accepted as host-dependent: nothing runs it here).
  Result<BuildOutput> Build() { return BuildService(service_, "/bin/true", dir_, true); }

  fs::path dir_;
  Service service_;
  std::vector<std::string> calls_;
};

TEST_F(BuildHooksTest, RunInOrderAndShapeTheOutput) {
  auto& h = service_.hooks;
  h.pre_build.push_back({"pre", [this](const BuildContext& c) {
                           calls_.push_back("pre-build " + c.service.name);
                           return Status{};
                         }});
  h.pre_marshal.push_back({"stamp", [this](const BuildContext&, cfn::Template& t) {
                             calls_.push_back("pre-marshal");
                             return t.AddOutput("BuiltBy", {.value = "hooks"});
                           }});
  h.validate.push_back({"look", [this](const BuildContext&, const cfn::Template& t) {
                          calls_.push_back(t.outputs().contains("BuiltBy") ? "validate sees stamp"
                                                                           : "validate");
                          return Status{};
                        }});
  h.archive.push_back({"config", [this](const BuildContext&, std::vector<util::ZipEntry>& files) {
                         calls_.push_back("archive");
                         files.push_back({"config/app.json", "{\"mode\":\"prod\"}", 0644});
                         return Status{};
                       }});
  h.post_build.push_back({"post", [this](const BuildContext&) {
                            calls_.push_back("post-build");
                            return Status{};
                          }});
  auto built = Build();
  ASSERT_TRUE(built) << built.error().message;
  EXPECT_EQ(calls_, (std::vector<std::string>{"pre-build Hooked", "pre-marshal",
                                              "validate sees stamp", "archive", "post-build"}));
  EXPECT_NE(built->template_json.find("\"BuiltBy\""), std::string::npos);
  auto zip = util::ReadFile(built->artifact.zip_path);
  ASSERT_TRUE(zip) << zip.error().message;
  auto entries = util::ReadZip(*zip);
  ASSERT_TRUE(entries) << entries.error().message;
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[1].name, "config/app.json");
  EXPECT_EQ((*entries)[1].data, "{\"mode\":\"prod\"}");
}

TEST_F(BuildHooksTest, AVetoStopsTheBuildAndRollbackHooksAreTold) {
  service_.hooks.validate.push_back({"no-public", [](const BuildContext&, const cfn::Template&) {
                                       return Status(MakeError("Veto", "a bucket is public"));
                                     }});
  std::string told;
  service_.hooks.rollback.push_back(
      {"undo", [&told](const BuildContext&, const Error& e) { told = e.message; }});
  auto built = Build();
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().message,
            "validation hook \"no-public\" refused the template: a bucket is public");
  EXPECT_EQ(told, built.error().message);
  EXPECT_FALSE(fs::exists(dir_ / TemplateFileName("Hooked")));
  EXPECT_FALSE(fs::exists(dir_ / ArtifactFileName("Hooked")));
}

TEST_F(BuildHooksTest, APreMarshalChangeMustStillBeAValidTemplate) {
  service_.hooks.pre_marshal.push_back({"dangling", [](const BuildContext&, cfn::Template& t) {
                                          return t.AddOutput("Broken",
                                                             {.value = cfn::Ref("Nowhere")});
                                        }});
  auto built = Build();
  ASSERT_FALSE(built);
  EXPECT_NE(built.error().message.find("Nowhere"), std::string::npos) << built.error().message;
}

}  // namespace
}  // namespace sparta::deploy
