#include "local_cloud/s3/conditions.hpp"

#include <algorithm>
#include <charconv>

#include "local_cloud/s3/xml_writer.hpp"

namespace sparta::local_cloud::s3 {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string_view Bare(std::string_view etag) {
  etag = Trim(etag);
  if (etag.substr(0, 2) == "W/") etag.remove_prefix(2);
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return etag;
}

bool ParseNumber(std::string_view text, std::uint64_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

bool EtagListMatches(std::string_view header, std::string_view etag) {
  std::string_view wanted = Bare(etag);
  while (true) {
    std::size_t comma = header.find(',');
    std::string_view item = Trim(header.substr(0, comma));
    if (item == "*" || (!item.empty() && Bare(item) == wanted)) return true;
    if (comma == std::string_view::npos) return false;
    header.remove_prefix(comma + 1);
  }
}

ConditionOutcome Evaluate(const Conditions& conditions, const ObjectRecord& object) {
  if (conditions.if_match != nullptr) {
    if (!EtagListMatches(*conditions.if_match, object.etag)) {
      return ConditionOutcome::kPreconditionFailed;
    }
  } else if (conditions.if_unmodified_since != nullptr) {
    auto since = ParseHttpDate(*conditions.if_unmodified_since);
    if (since && object.last_modified > *since) return ConditionOutcome::kPreconditionFailed;
  }
  if (conditions.if_none_match != nullptr) {
    if (EtagListMatches(*conditions.if_none_match, object.etag)) {
      return ConditionOutcome::kNotModified;
    }
  } else if (conditions.if_modified_since != nullptr) {
    auto since = ParseHttpDate(*conditions.if_modified_since);
    if (since && object.last_modified <= *since) return ConditionOutcome::kNotModified;
  }
  return ConditionOutcome::kProceed;
}

std::optional<ByteRange> ParseRange(std::string_view header, std::uint64_t size) {
  header = Trim(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.substr(0, kUnit.size()) != kUnit) return std::nullopt;
  std::string_view spec = Trim(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return std::nullopt;
  std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  std::string_view first_text = Trim(spec.substr(0, dash));
  std::string_view last_text = Trim(spec.substr(dash + 1));
  ByteRange unsatisfiable{1, 0};
  if (first_text.empty()) {  // "-n": the last n bytes
    std::uint64_t suffix = 0;
    if (!ParseNumber(last_text, suffix)) return std::nullopt;
    if (suffix == 0 || size == 0) return unsatisfiable;
    return ByteRange{size - std::min(suffix, size), size - 1};
  }
  std::uint64_t first = 0;
  if (!ParseNumber(first_text, first)) return std::nullopt;
  std::uint64_t last = size == 0 ? 0 : size - 1;
  if (!last_text.empty()) {
    std::uint64_t requested = 0;
    if (!ParseNumber(last_text, requested) || requested < first) return std::nullopt;
    last = std::min(requested, last);
  }
  if (first >= size) return unsatisfiable;
  return ByteRange{first, last};
}

}  // namespace sparta::local_cloud::s3
