#include "sparta/json/json.hpp"

#include <algorithm>
#include <vector>

#include "json/text_writer.hpp"

namespace sparta::jsonutil {

json::parse_options ParseOptions() {
  json::parse_options options;
  options.max_depth = kMaxDepth;
  return options;
}

Result<json::value> Parse(std::string_view text, std::string_view what) {
  json::stream_parser parser({}, ParseOptions());
  boost::system::error_code ec;
  size_t consumed = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (!ec) return parser.release();
  // Locate the failure for the message.
  size_t at = std::min(consumed, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  const std::string where = " at line " + std::to_string(line) + ", column " + std::to_string(column);
  std::string message;
  if (text.empty()) {
    message = std::string(what) + " is empty; expected a JSON document";
  } else if (ec == json::error::too_deep) {
    message = std::string(what) + " nests arrays and objects deeper than " +
              std::to_string(kMaxDepth) + " levels (" + where.substr(1) +
              "), deeper than Sparta reads";
  } else {
    message = std::string(what) + " is not valid JSON: " + ec.message() + where;
  }
  return MakeError("InvalidJson", message);
}

namespace {
void Indent(std::string& out, int n) { out.append(static_cast<size_t>(n), ' '); }

void Write(std::string& out, const json::value& v, const PrettyOptions& o, int depth) {
  switch (v.kind()) {
    case json::kind::object: {
      const auto& obj = v.get_object();
      if (obj.empty()) {
        out += "{}";
        return;
      }
      std::vector<const json::key_value_pair*> items;
      items.reserve(obj.size());
      for (const auto& kv : obj) items.push_back(&kv);
      if (o.sort_keys) {
        std::sort(items.begin(), items.end(),
                  [](auto* a, auto* b) { return a->key() < b->key(); });
      }
      out += "{\n";
      for (size_t i = 0; i < items.size(); ++i) {
        Indent(out, (depth + 1) * o.indent);
        internal::AppendString(out, items[i]->key());
        out += ": ";
        Write(out, items[i]->value(), o, depth + 1);
        if (i + 1 < items.size()) out += ',';
        out += '\n';
      }
      Indent(out, depth * o.indent);
      out += '}';
      return;
    }
    case json::kind::array: {
      const auto& arr = v.get_array();
      if (arr.empty()) {
        out += "[]";
        return;
      }
      out += "[\n";
      for (size_t i = 0; i < arr.size(); ++i) {
        Indent(out, (depth + 1) * o.indent);
        Write(out, arr[i], o, depth + 1);
        if (i + 1 < arr.size()) out += ',';
        out += '\n';
      }
      Indent(out, depth * o.indent);
      out += ']';
      return;
    }
    default:
      (void)internal::AppendCompact(out, v, {});  // not strict: cannot fail
  }
}
}  // namespace

std::string Pretty(const json::value& value, PrettyOptions options) {
  std::string out;
  Write(out, value, options, 0);
  out += '\n';
  return out;
}

std::string Compact(const json::value& value, CompactOptions options) {
  std::string out;
  (void)internal::AppendCompact(out, value,
                                {.replace_invalid_utf8 = options.replace_invalid_utf8});
  return out;
}

Result<std::string> CompactStrict(const json::value& value) {
  std::string out;
  Status written = internal::AppendCompact(out, value, {.strict = true});
  if (!written) return written.error();
  return out;
}

}  // namespace sparta::jsonutil
