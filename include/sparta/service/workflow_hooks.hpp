#pragma once
// Workflow hooks: the service's own steps around `build` (and so around
// `provision`, which builds first), in this order:
//
//   pre_build → synthesis (with decorators) → pre_marshal (may change the
//   template) → validate (read-only, may veto) → archive (adds files to the
//   code zip) → both files are staged → post_build → they are put in place
//
// Any hook returning an error stops the build with that error, named after
// the hook; then every rollback hook runs (with the error) so that what
// earlier hooks did outside the build can be undone. Nothing is left in the
// output directory by a failed build. A `provision` whose deploy fails after
// the build runs the rollback hooks too.
//
// **Example**:
//   sparta::WorkflowHooks hooks{.validate = {{"no-wildcards", [](auto&, const auto& t) {
//     return t.Serialize().find("\"*\"") == std::string::npos
//                ? sparta::Status{}
//                : sparta::Status(sparta::MakeError("Veto", "a policy uses \"*\""));
//   }}}};

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sparta/cfn/template.hpp"
#include "sparta/util/result.hpp"
#include "sparta/util/zip.hpp"

namespace sparta {

struct Service;

/// What every hook is told.
struct BuildContext {
  const Service& service;
  std::filesystem::path output_dir;
};

template <class Fn>
struct NamedHook {
  std::string name{};
  std::function<Fn> run{};
};

struct WorkflowHooks {
  std::vector<NamedHook<Status(const BuildContext&)>> pre_build{};
  std::vector<NamedHook<Status(const BuildContext&, cfn::Template&)>> pre_marshal{};
  std::vector<NamedHook<Status(const BuildContext&, const cfn::Template&)>> validate{};
  /// Adds files to the code zip (next to `bootstrap`).
  std::vector<NamedHook<Status(const BuildContext&, std::vector<util::ZipEntry>&)>> archive{};
  std::vector<NamedHook<Status(const BuildContext&)>> post_build{};
  std::vector<NamedHook<void(const BuildContext&, const Error&)>> rollback{};
};

}  // namespace sparta
