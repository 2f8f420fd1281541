#include "sparta/service/synthesize.hpp"

#include <initializer_list>
#include <string>
#include <utility>
#include <variant>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/cfn/logical_id.hpp"
#include "sparta/service/validate.hpp"

#include "decorations.hpp"
#include "discovery_document.hpp"
#include "event_sources.hpp"
#include "roles.hpp"
#include "state_machine.hpp"

namespace sparta {

namespace {

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

cfn::Resource LogGroupResource(const Function& f) {
  cfn::Resource group{.type = "AWS::Logs::LogGroup",
                      .deletion_policy = "Delete",
                      .update_replace_policy = "Delete"};
  group.properties["LogGroupName"] = cfn::Sub(Cat({"/aws/lambda/${AWS::StackName}-", f.name}));
  group.properties["RetentionInDays"] = f.options.log_retention_days;
  return group;
}

cfn::Resource FunctionResource(const Function& f, const FunctionLogicalIds& ids) {
  const FunctionOptions& o = f.options;
  cfn::Resource fn{.type = "AWS::Lambda::Function", .depends_on = {ids.log_group}};
  json::object& p = fn.properties;
  p["Runtime"] = kLambdaRuntime;
  p["Handler"] = f.name;
  p["Code"] = json::object{{"S3Bucket", cfn::Ref(kArtifactBucketParameter)},
                           {"S3Key", cfn::Ref(kArtifactKeyParameter)}};
  p["FunctionName"] = cfn::Sub(Cat({"${AWS::StackName}-", f.name}));
  if (!o.description.empty()) p["Description"] = o.description;
  p["MemorySize"] = o.memory_mb;
  p["Timeout"] = static_cast<std::int64_t>(o.timeout.count());
  if (!o.environment.empty()) {
    json::object vars;
    for (const auto& [k, v] : o.environment) vars[k] = v;
    p["Environment"] = json::object{{"Variables", std::move(vars)}};
  }
  p["Architectures"] = json::array{o.architecture == Architecture::kArm64 ? "arm64" : "x86_64"};
  if (o.reserved_concurrency) p["ReservedConcurrentExecutions"] = *o.reserved_concurrency;
  p["EphemeralStorage"] = json::object{{"Size", o.ephemeral_storage_mb}};
  p["TracingConfig"] =
      json::object{{"Mode", o.tracing == Tracing::kActive ? "Active" : "PassThrough"}};
  if (!o.tags.empty()) {
    json::array tags;  // std::map: already sorted by key
    for (const auto& [k, v] : o.tags) tags.push_back(json::object{{"Key", k}, {"Value", v}});
    p["Tags"] = std::move(tags);
  }
  if (const auto* existing = std::get_if<ExistingRole>(&f.role)) {
    p["Role"] = existing->arn;
  } else if (const auto* shared = std::get_if<SharedRole>(&f.role)) {
    p["Role"] = cfn::GetAtt(internal::SharedRoleId(shared->name), "Arn");
  } else {
    p["Role"] = cfn::GetAtt(ids.role, "Arn");
  }
  return fn;
}

Status AddFunction(cfn::Template& t, const Service& service, const Function& f,
                   const Discovery& discovery, internal::Provenance& provenance) {
  const FunctionLogicalIds ids = LogicalIdsOf(f.name);
  // A document over Lambda's 4 KB of environment is served from the stack
  // (Validate() refused it unless the service allows that).
  const bool from_stack = discovery.OverEnvironmentLimit(f);
  if (auto s = t.AddResource(ids.log_group, LogGroupResource(f)); !s) return s;
  if (const auto* def = std::get_if<IamRoleDefinition>(&f.role)) {
    const internal::RolePlan plan{.role_id = ids.role,
                                  .name = f.name,
                                  .bucket_policy_id = cfn::LogicalId(f.name, "BucketAccessPolicy"),
                                  .definition = def,
                                  .members = {&f}};
    if (auto s = internal::AddRole(t, plan, discovery); !s) return s;
  }
  cfn::Resource fn = FunctionResource(f, ids);
  if (!f.options.dependencies.empty()) {
    json::object& vars =
        fn.properties["Environment"].emplace_object()["Variables"].emplace_object();
    for (const auto& [k, v] : f.options.environment) vars[k] = v;
    if (from_stack) {
      // CloudFormation resolves intrinsics in Metadata too, and
      // DescribeStackResource returns it resolved.
      fn.metadata.emplace_object()[runtime::kDiscoveryMetadataKey] = discovery.Document(f);
      vars[runtime::kDiscoveryFromStackVariable] =
          cfn::Sub(Cat({R"({"stack":"${AWS::StackName}","logicalId":")", ids.function, R"("})"}));
    } else {
      vars[kDiscoveryVariable] = discovery.Document(f);
    }
  }
  std::vector<cfn::Template> additions(f.options.decorators.size());
  for (std::size_t i = 0; i < f.options.decorators.size(); ++i) {
    const FunctionDecorator& d = f.options.decorators[i];
    FunctionDecoration decoration{service, f, ids, fn, additions[i]};
    if (auto s = d.decorate(decoration); !s) {
      return MakeError(s.error().code, Cat({"decorator \"", d.name, "\" of function \"", f.name,
                                            "\" failed: ", s.error().message}));
    }
  }
  if (auto s = t.AddResource(ids.function, std::move(fn)); !s) return s;
  if (auto s = internal::AddEventSources(t, f, ids); !s) return s;
  for (std::size_t i = 0; i < additions.size(); ++i) {
    const std::string who =
        Cat({"decorator \"", f.options.decorators[i].name, "\" of function \"", f.name, "\""});
    if (auto s = provenance.Merge(t, additions[i], who); !s) return s;
  }
  return {};
}

// The service's own template sections, in the order CloudFormation lists them.
Status AddDeclarations(cfn::Template& t, const Service& service) {
  for (const Parameter& p : service.parameters) {
    if (auto s = t.AddParameter(p.logical_id(), p.definition()); !s) return s;
  }
  for (const Mapping& m : service.mappings) {
    if (auto s = t.AddMapping(m.logical_id(), m.table()); !s) return s;
  }
  for (const Condition& c : service.conditions) {
    if (auto s = t.AddCondition(c.logical_id(), c.expression()); !s) return s;
  }
  for (const cfn::AnyResource& r : service.resources) {
    const cfn::ResourceDeclaration& d = r.declaration();
    if (auto s = t.AddResource(d.logical_id, d.resource); !s) return s;
  }
  for (const Output& o : service.outputs) {
    if (auto s = t.AddOutput(o.logical_id(), o.definition()); !s) return s;
  }
  return {};
}

}  // namespace

FunctionLogicalIds LogicalIdsOf(std::string_view function_name) {
  return FunctionLogicalIds{
      .function = cfn::LogicalId(function_name, "Function"),
      .role = cfn::LogicalId(function_name, "Role"),
      .log_group = cfn::LogicalId(function_name, "LogGroup"),
  };
}

Result<cfn::Template> Synthesize(const Service& service) {
  if (auto s = Validate(service); !s) return s.error();
  cfn::Template t;
  t.set_description(service.description);
  if (auto s = t.AddParameter(std::string(kArtifactBucketParameter),
                              {.description = "S3 bucket holding the service's code zip",
                               .min_length = 3,
                               .max_length = 63});
      !s) {
    return s.error();
  }
  if (auto s = t.AddParameter(
          std::string(kArtifactKeyParameter),
          {.description = "S3 key of the service's code zip", .min_length = 1, .max_length = 1024});
      !s) {
    return s.error();
  }
  if (auto s = AddDeclarations(t, service); !s) return s.error();
  const Discovery discovery(service);
  internal::Provenance provenance(service);
  const std::vector<Function> functions = AllFunctions(service);
  for (const internal::RolePlan& plan : internal::SharedRolePlans(functions)) {
    if (auto s = internal::AddRole(t, plan, discovery); !s) return s.error();
  }
  for (const Function& f : functions) {
    if (auto s = AddFunction(t, service, f, discovery, provenance); !s) return s.error();
  }
  for (const step::StateMachine& machine : service.state_machines) {
    if (auto s = internal::AddStateMachine(t, machine); !s) return s.error();
  }
  for (const ServiceDecorator& d : service.decorators) {
    cfn::Template additions;
    ServiceDecoration decoration{service, t, additions};
    if (auto s = d.decorate(decoration); !s) {
      return MakeError(s.error().code,
                       Cat({"service decorator \"", d.name, "\" failed: ", s.error().message}));
    }
    if (auto s = provenance.Merge(t, additions, Cat({"service decorator \"", d.name, "\""})); !s) {
      return s.error();
    }
  }
  if (auto s = t.Validate(); !s) return s.error();
  if (auto s = t.CheckQuotas(); !s) {
    return MakeError(s.error().code, "service " + service.name + ": " + s.error().message);
  }
  return t;
}

}  // namespace sparta
