#include "invoke_io.hpp"

#include <iostream>
#include <iterator>
#include <utility>

#include "aws_options.hpp"
#include "event_generator.hpp"
#include "output.hpp"
#include "sparta/json/json.hpp"
#include "sparta/util/files.hpp"

namespace sparta::cli {

namespace {

Result<Function> FindDeclaredFunction(const Service& service, const std::string& name) {
  std::string declared;
  for (const Function& f : AllFunctions(service)) {
    if (f.name == name) return f;
    if (!declared.empty()) declared += ", ";
    declared += f.name;
  }
  return MakeError("Usage", "no function named \"" + name + "\" in service " + service.name +
                                "; declared functions: " + declared);
}

Result<std::string> ReadEvent(const std::string& path) {
  if (path.empty()) return std::string("{}");
  std::string text;
  std::string what;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    what = "the event on stdin";
  } else {
    auto file = util::ReadFile(path);
    if (!file.ok()) return MakeError("Usage", "cannot read event file: " + file.error().message);
    text = std::move(*file);
    what = "event file " + path;
  }
  // Lambda's Invoke API only accepts JSON payloads; refuse others before running anything.
  if (auto parsed = jsonutil::Parse(text, what); !parsed.ok()) return parsed.error();
  return text;
}

Result<std::string> ReadOrGenerateEvent(const EventOptions& event) {
  if (event.source.empty()) {
    if (!event.source_args.empty()) {
      return MakeError("Usage", "unexpected argument \"" + event.source_args.front() +
                                    "\"; --<key> <value> pairs follow --event-source");
    }
    return ReadEvent(event.path);
  }
  if (!event.path.empty()) {
    return MakeError("Usage", "give --event or --event-source, not both");
  }
  auto request = ParseEventRequest(event.source, event.source_args);
  if (!request) return request.error();
  return GenerateEvent(*request);
}

}  // namespace

Result<InvocationInput> ReadInvocation(const Service& service, const std::string& function,
                                       const std::string& stage, const EventOptions& event_options) {
  InvocationInput input;
  auto found = FindDeclaredFunction(service, function);
  if (!found.ok()) return found.error();
  input.function = *found;
  auto stack = StackName(service, stage);
  if (!stack.ok()) return stack.error();
  input.stack = std::move(*stack);
  auto event = ReadOrGenerateEvent(event_options);
  if (!event.ok()) return event.error();
  input.event = std::move(*event);
  return input;
}

void PrintFunctionError(const std::string& function, const std::string& payload) {
  std::string summary = payload;
  if (auto doc = jsonutil::Parse(payload); doc.ok() && doc->is_object()) {
    const auto& o = doc->as_object();
    auto text = [&](const char* key) {
      auto it = o.find(key);
      return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                      : std::string();
    };
    summary = text("errorType") + ": " + text("errorMessage");
  }
  PrintError("function " + function + " failed: " + summary);
}

}  // namespace sparta::cli
