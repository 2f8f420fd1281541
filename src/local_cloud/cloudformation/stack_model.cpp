#include "local_cloud/cloudformation/stack_model.hpp"

#include <exception>

namespace sparta::local_cloud::cfn {
namespace {

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool Bool(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

std::int64_t Int(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? v->get_int64() : 0;
}

json::object Obj(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? v->get_object() : json::object();
}

json::array Arr(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? v->get_array() : json::array();
}

json::value Strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

std::vector<std::string> ReadStrings(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  for (const json::value& v : Arr(o, key)) {
    if (v.is_string()) out.emplace_back(v.get_string());
  }
  return out;
}

json::value Params(const ParameterValues& params) {
  json::object out;
  for (const auto& [k, v] : params) out[k] = v;
  return out;
}

ParameterValues ReadParams(const json::object& o, std::string_view key) {
  ParameterValues out;
  for (const auto& [k, v] : Obj(o, key)) {
    if (v.is_string()) out[std::string(k)] = std::string(v.get_string());
  }
  return out;
}

json::value Tags(const TagList& tags) {
  json::array out;
  for (const auto& [k, v] : tags) out.push_back(json::object{{"Key", k}, {"Value", v}});
  return out;
}

TagList ReadTags(const json::object& o, std::string_view key) {
  TagList out;
  for (const json::value& v : Arr(o, key)) {
    if (v.is_object()) out.emplace_back(Str(v.get_object(), "Key"), Str(v.get_object(), "Value"));
  }
  return out;
}

json::value Resource(const ResourceRecord& r) {
  return json::object{{"logical_id", r.logical_id},
                      {"type", r.type},
                      {"physical_id", r.physical_id},
                      {"status", r.status},
                      {"status_reason", r.status_reason},
                      {"timestamp", r.timestamp},
                      {"properties", r.properties},
                      {"attributes", r.attributes},
                      {"metadata", r.metadata},
                      {"deletion_policy", r.deletion_policy},
                      {"update_replace_policy", r.update_replace_policy},
                      {"simulated", r.simulated},
                      {"no_echo", r.no_echo},
                      {"seq", r.seq},
                      {"planned_name", r.planned_name},
                      {"planned_properties", r.planned_properties}};
}

ResourceRecord ReadResource(const json::object& o) {
  ResourceRecord r;
  r.logical_id = Str(o, "logical_id");
  r.type = Str(o, "type");
  r.physical_id = Str(o, "physical_id");
  r.status = Str(o, "status");
  r.status_reason = Str(o, "status_reason");
  r.timestamp = Str(o, "timestamp");
  r.properties = Obj(o, "properties");
  r.attributes = Obj(o, "attributes");
  if (const json::value* metadata = o.if_contains("metadata")) r.metadata = *metadata;
  r.deletion_policy = Str(o, "deletion_policy");
  r.update_replace_policy = Str(o, "update_replace_policy");
  r.simulated = Bool(o, "simulated");
  r.no_echo = Bool(o, "no_echo");
  r.seq = Int(o, "seq");
  r.planned_name = Str(o, "planned_name");
  r.planned_properties = Obj(o, "planned_properties");
  return r;
}

json::value Resources(const std::map<std::string, ResourceRecord>& resources) {
  json::object out;
  for (const auto& [id, r] : resources) out[id] = Resource(r);
  return out;
}

std::map<std::string, ResourceRecord> ReadResources(const json::object& o, std::string_view key) {
  std::map<std::string, ResourceRecord> out;
  for (const auto& [id, v] : Obj(o, key)) {
    if (v.is_object()) out[std::string(id)] = ReadResource(v.get_object());
  }
  return out;
}

json::value Outputs(const std::vector<OutputRecord>& outputs) {
  json::array out;
  for (const auto& o : outputs) {
    out.push_back(json::object{{"key", o.key},
                               {"value", o.value},
                               {"description", o.description},
                               {"export_name", o.export_name}});
  }
  return out;
}

std::vector<OutputRecord> ReadOutputs(const json::object& o, std::string_view key) {
  std::vector<OutputRecord> out;
  for (const json::value& v : Arr(o, key)) {
    if (!v.is_object()) continue;
    const json::object& x = v.get_object();
    out.push_back({Str(x, "key"), Str(x, "value"), Str(x, "description"), Str(x, "export_name")});
  }
  return out;
}

json::value Snapshot(const StackSnapshot& s) {
  return json::object{{"template_body", s.template_body},
                      {"description", s.description},
                      {"parameters", Params(s.parameters)},
                      {"capabilities", Strings(s.capabilities)},
                      {"tags", Tags(s.tags)},
                      {"outputs", Outputs(s.outputs)},
                      {"resources", Resources(s.resources)}};
}

StackSnapshot ReadSnapshot(const json::object& o) {
  StackSnapshot s;
  s.template_body = Str(o, "template_body");
  s.description = Str(o, "description");
  s.parameters = ReadParams(o, "parameters");
  s.capabilities = ReadStrings(o, "capabilities");
  s.tags = ReadTags(o, "tags");
  s.outputs = ReadOutputs(o, "outputs");
  s.resources = ReadResources(o, "resources");
  return s;
}

json::value ChangeSet(const ChangeSetRecord& c) {
  return json::object{{"id", c.id},
                      {"name", c.name},
                      {"type", c.type},
                      {"status", c.status},
                      {"execution_status", c.execution_status},
                      {"status_reason", c.status_reason},
                      {"creation_time", c.creation_time},
                      {"description", c.description},
                      {"template_body", c.template_body},
                      {"parameters", Params(c.parameters)},
                      {"capabilities", Strings(c.capabilities)},
                      {"tags", Tags(c.tags)},
                      {"changes", c.changes}};
}

ChangeSetRecord ReadChangeSet(const json::object& o) {
  ChangeSetRecord c;
  c.id = Str(o, "id");
  c.name = Str(o, "name");
  c.type = Str(o, "type");
  c.status = Str(o, "status");
  c.execution_status = Str(o, "execution_status");
  c.status_reason = Str(o, "status_reason");
  c.creation_time = Str(o, "creation_time");
  c.description = Str(o, "description");
  c.template_body = Str(o, "template_body");
  c.parameters = ReadParams(o, "parameters");
  c.capabilities = ReadStrings(o, "capabilities");
  c.tags = ReadTags(o, "tags");
  c.changes = Arr(o, "changes");
  return c;
}

json::value Event(const EventRecord& e) {
  return json::object{{"event_id", e.event_id},       {"logical_id", e.logical_id},
                      {"physical_id", e.physical_id}, {"type", e.type},
                      {"timestamp", e.timestamp},     {"status", e.status},
                      {"reason", e.reason},           {"token", e.client_request_token}};
}

EventRecord ReadEvent(const json::object& o) {
  return EventRecord{Str(o, "event_id"), Str(o, "logical_id"), Str(o, "physical_id"),
                     Str(o, "type"),     Str(o, "timestamp"),  Str(o, "status"),
                     Str(o, "reason"),   Str(o, "token")};
}

}  // namespace

json::value ToJson(const StackRecord& s) {
  json::object out;
  out["stack_id"] = s.stack_id;
  out["stack_name"] = s.stack_name;
  out["description"] = s.description;
  out["status"] = s.status;
  out["status_reason"] = s.status_reason;
  out["creation_time"] = s.creation_time;
  out["last_updated_time"] = s.last_updated_time;
  out["deletion_time"] = s.deletion_time;
  out["template_body"] = s.template_body;
  out["parameters"] = Params(s.parameters);
  out["capabilities"] = Strings(s.capabilities);
  out["tags"] = Tags(s.tags);
  out["disable_rollback"] = s.disable_rollback;
  out["on_failure"] = s.on_failure;
  out["change_set_id"] = s.change_set_id;
  out["executing_change_set"] = s.executing_change_set;
  out["client_request_token"] = s.client_request_token;
  out["outputs"] = Outputs(s.outputs);
  out["resources"] = Resources(s.resources);
  json::array events;
  for (const auto& e : s.events) events.push_back(Event(e));
  out["events"] = std::move(events);
  json::array change_sets;
  for (const auto& c : s.change_sets) change_sets.push_back(ChangeSet(c));
  out["change_sets"] = std::move(change_sets);
  out["next_seq"] = s.next_seq;
  if (s.previous) out["previous"] = Snapshot(*s.previous);
  json::array cleanup;
  for (const auto& r : s.cleanup) cleanup.push_back(Resource(r));
  out["cleanup"] = std::move(cleanup);
  return out;
}

Result<StackRecord> StackFromJson(const json::value& document) {
  if (!document.is_object()) return MakeError("Corrupt", "a stack document is not a JSON object");
  const json::object& o = document.get_object();
  StackRecord s;
  s.stack_id = Str(o, "stack_id");
  s.stack_name = Str(o, "stack_name");
  if (s.stack_id.empty() || s.stack_name.empty()) {
    return MakeError("Corrupt", "a stack document has no stack_id or stack_name");
  }
  s.description = Str(o, "description");
  s.status = Str(o, "status");
  s.status_reason = Str(o, "status_reason");
  s.creation_time = Str(o, "creation_time");
  s.last_updated_time = Str(o, "last_updated_time");
  s.deletion_time = Str(o, "deletion_time");
  s.template_body = Str(o, "template_body");
  s.parameters = ReadParams(o, "parameters");
  s.capabilities = ReadStrings(o, "capabilities");
  s.tags = ReadTags(o, "tags");
  s.disable_rollback = Bool(o, "disable_rollback");
  s.on_failure = Str(o, "on_failure");
  if (s.on_failure.empty()) s.on_failure = "ROLLBACK";
  s.change_set_id = Str(o, "change_set_id");
  s.executing_change_set = Str(o, "executing_change_set");
  s.client_request_token = Str(o, "client_request_token");
  s.outputs = ReadOutputs(o, "outputs");
  s.resources = ReadResources(o, "resources");
  for (const json::value& v : Arr(o, "events")) {
    if (v.is_object()) s.events.push_back(ReadEvent(v.get_object()));
  }
  for (const json::value& v : Arr(o, "change_sets")) {
    if (v.is_object()) s.change_sets.push_back(ReadChangeSet(v.get_object()));
  }
  s.next_seq = Int(o, "next_seq");
  if (s.next_seq < 1) s.next_seq = 1;
  if (const json::value* p = o.if_contains("previous"); p != nullptr && p->is_object()) {
    s.previous = ReadSnapshot(p->get_object());
  }
  for (const json::value& v : Arr(o, "cleanup")) {
    if (v.is_object()) s.cleanup.push_back(ReadResource(v.get_object()));
  }
  return s;
}

}  // namespace sparta::local_cloud::cfn
