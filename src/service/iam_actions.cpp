#include "service/iam_actions.hpp"

#include <algorithm>
#include <vector>

#include "sparta/util/ascii.hpp"
#include "sparta/util/quoted.hpp"

namespace sparta::internal {

using util::Quoted;

namespace {

const IamServiceActions* FindService(std::string_view prefix) {
  const IamServiceActions* end = kIamServices + kIamServiceCount;
  const IamServiceActions* it =
      std::lower_bound(kIamServices, end, prefix,
                       [](const IamServiceActions& s, std::string_view p) { return s.prefix < p; });
  return it != end && it->prefix == prefix ? it : nullptr;
}

// Calls `visit` with each action of `service`.
template <class Visit>
void ForEachAction(const IamServiceActions& service, Visit visit) {
  std::string_view rest = service.actions;
  while (!rest.empty()) {
    const std::size_t space = rest.find(' ');
    visit(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
}

// IAM's wildcards: '*' any run of characters, '?' any one.
bool GlobMatches(std::string_view pattern, std::string_view text) {
  std::size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string> CheckIamAction(std::string_view action) {
  if (action == "*") return std::nullopt;
  const std::size_t colon = action.find(':');
  const std::string prefix = util::ToLowerAscii(action.substr(0, colon));
  const std::string name = util::ToLowerAscii(action.substr(colon + 1));
  const IamServiceActions* service = FindService(prefix);
  if (service == nullptr) {
    std::string_view nearest;
    std::size_t best = std::string::npos;
    for (std::size_t i = 0; i < kIamServiceCount; ++i) {
      const std::size_t d = EditDistance(prefix, kIamServices[i].prefix);
      if (d < best) {
        best = d;
        nearest = kIamServices[i].prefix;
      }
    }
    return Quoted(action) + ": no AWS service has the IAM prefix " + Quoted(prefix) +
           "; did you mean " + Quoted(nearest) + "?";
  }
  const bool wildcard = name.find_first_of("*?") != std::string::npos;
  bool found = false;
  std::string_view nearest;
  std::size_t best = std::string::npos;
  ForEachAction(*service, [&](std::string_view candidate) {
    if (found) return;
    if (wildcard ? GlobMatches(name, candidate) : candidate == name) {
      found = true;
      return;
    }
    if (!wildcard) {
      const std::size_t d = EditDistance(name, candidate);
      if (d < best) {
        best = d;
        nearest = candidate;
      }
    }
  });
  if (found) return std::nullopt;
  if (wildcard) {
    return Quoted(action) + " matches no action of " + std::string(service->prefix) +
           "; check the pattern (IAM's wildcards are '*' and '?')";
  }
  return Quoted(action) + " is not an action of " + std::string(service->prefix) +
         "; did you mean " + Quoted(std::string(service->prefix) + ":" + std::string(nearest)) +
         "?";
}

}  // namespace sparta::internal
