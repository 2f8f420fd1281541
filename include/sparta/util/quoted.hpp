#pragma once
// Naming a value in a message: `Quoted("Uploads")` is "\"Uploads\"".

#include <string>
#include <string_view>

namespace sparta::util {

/// `text` between double quotes, unescaped: for the names and short values
/// that error messages point at.
inline std::string Quoted(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  out.append(text);
  out += '"';
  return out;
}

}  // namespace sparta::util
