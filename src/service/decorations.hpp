#pragma once
// Merging what decorators add into the template, with conflicts named.

#include <map>
#include <string>

#include "sparta/cfn/template.hpp"
#include "sparta/service/service.hpp"

namespace sparta::internal {

/// Who put each logical ID into the template, for conflict messages.
class Provenance {
 public:
  explicit Provenance(const Service& service) : service_(service) {}

  /// "function \"Hello\"", "decorator \"alarms\" of function \"Hello\"",
  /// "the service's declarations", ...
  std::string OwnerOf(std::string_view logical_id) const;

  /// Adds every entry of `additions` to `into`, recording `who` as their
  /// owner. All or nothing: a logical ID already used (in `into`) is an
  /// error "DecoratorConflict" naming `who`, the ID and its owner.
  Status Merge(cfn::Template& into, const cfn::Template& additions, const std::string& who);

 private:
  const Service& service_;
  std::map<std::string, std::string, std::less<>> added_by_;
};

}  // namespace sparta::internal
