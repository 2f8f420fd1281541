// The Query API of the local IAM (GetRole, ListRoles, GetRolePolicy,
// ListRolePolicies, ListAttachedRolePolicies) and STS (GetCallerIdentity).
#include <algorithm>
#include <cstdlib>
#include <exception>
#include <optional>
#include <vector>

#include "iam_state.hpp"
#include "role_document.hpp"

namespace sparta::local_cloud {
namespace {

constexpr int kDefaultMaxItems = 100;

// Fields of the form body, then of the query string (a GET carries them
// there).
FormFields RequestFields(const CloudRequest& request) {
  FormFields fields = ParseForm(request.body);
  FormFields from_query = ParseForm(request.query);
  fields.insert(fields.end(), from_query.begin(), from_query.end());
  return fields;
}

CloudResponse InvalidAction(const FormFields& fields, const CloudRequest& request,
                            std::string_view xmlns) {
  const std::string* action = FindField(fields, "Action");
  const std::string* version = FindField(fields, "Version");
  std::string message = "Could not find operation ";
  message += action != nullptr ? *action : "";
  message += " for version ";
  message += version != nullptr ? *version : "NO_VERSION_SPECIFIED";
  return QueryError(400, "InvalidAction", message, request.request_id, xmlns);
}

CloudResponse IamError(const Error& error, const CloudRequest& request) {
  int status = error.code == "NoSuchEntity" ? 404 : error.code == "ServiceFailure" ? 500 : 400;
  if (error.code == "Io" || error.code == "Corrupt") {
    return QueryError(500, "ServiceFailure", error.message, request.request_id, kIamXmlns);
  }
  return QueryError(status, error.code, error.message, request.request_id, kIamXmlns);
}

// IAM's message for a missing required member.
CloudResponse MissingParameter(std::string_view member, const CloudRequest& request) {
  std::string message = "1 validation error detected: Value null at '";
  message += member;
  message += "' failed to satisfy constraint: Member must not be null";
  return QueryError(400, "ValidationError", message, request.request_id, kIamXmlns);
}

// MaxItems (1..1000, default 100); nullopt when malformed.
std::optional<std::size_t> MaxItems(const FormFields& fields) {
  const std::string* text = FindField(fields, "MaxItems");
  if (text == nullptr || text->empty()) return kDefaultMaxItems;
  if (text->size() > 4 || !std::all_of(text->begin(), text->end(), [](char c) {
        return c >= '0' && c <= '9';
      })) {
    return std::nullopt;
  }
  int value = std::atoi(text->c_str());
  if (value < 1 || value > 1000) return std::nullopt;
  return static_cast<std::size_t>(value);
}

CloudResponse BadMaxItems(const CloudRequest& request) {
  return QueryError(400, "ValidationError",
                    "1 validation error detected: Value at 'maxItems' failed to satisfy "
                    "constraint: Member must have value between 1 and 1000",
                    request.request_id, kIamXmlns);
}

std::string PolicyName(std::string_view policy_arn) {
  std::size_t slash = policy_arn.rfind('/');
  return std::string(slash == std::string_view::npos ? policy_arn : policy_arn.substr(slash + 1));
}

// One page of `items` (sorted names) starting at `marker` (the first name of
// the page, as handed out), as "<IsTruncated>...[<Marker>]".
template <class Item, class Render>
std::string Page(const std::vector<Item>& items, const std::string* marker,
                 std::size_t max_items, std::string_view list_element, Render render) {
  std::size_t begin = 0;
  if (marker != nullptr && !marker->empty()) {
    while (begin < items.size() && render.Key(items[begin]) < *marker) ++begin;
  }
  std::size_t end = std::min(items.size(), begin + max_items);
  std::string xml = "<";
  xml += list_element;
  xml += ">";
  for (std::size_t i = begin; i < end; ++i) {
    xml += "<member>";
    xml += render.Xml(items[i]);
    xml += "</member>";
  }
  xml += "</";
  xml += list_element;
  xml += "><IsTruncated>";
  xml += end < items.size() ? "true" : "false";
  xml += "</IsTruncated>";
  if (end < items.size()) {
    xml += "<Marker>";
    xml += XmlEscape(render.Key(items[end]));
    xml += "</Marker>";
  }
  return xml;
}

struct RoleRender {
  std::string Key(const IamRole& role) const { return role.path + role.name; }
  std::string Xml(const IamRole& role) const { return detail::RoleXml(role); }
};
struct NameRender {
  std::string Key(const std::string& name) const { return name; }
  std::string Xml(const std::string& name) const { return XmlEscape(name); }
};
struct AttachedRender {
  std::string Key(const std::string& arn) const { return arn; }
  std::string Xml(const std::string& arn) const {
    std::string xml = "<PolicyName>";
    xml += XmlEscape(PolicyName(arn));
    xml += "</PolicyName><PolicyArn>";
    xml += XmlEscape(arn);
    xml += "</PolicyArn>";
    return xml;
  }
};

// Handlers never throw: anything unexpected (out of memory) is a 500.
CloudResponse InternalFailure(std::string_view what, const CloudRequest& request,
                              std::string_view xmlns) {
  std::string message = "The local IAM failed on this request: ";
  message += what;
  return QueryError(500, "ServiceFailure", message, request.request_id, xmlns);
}

}  // namespace

CloudResponse IamService::HandleIamQuery(const CloudRequest& request) {
  try {
    return HandleIam(request);
  } catch (const std::exception& e) {
    return InternalFailure(e.what(), request, kIamXmlns);
  } catch (...) {
    return InternalFailure("unknown", request, kIamXmlns);
  }
}

CloudResponse IamService::HandleIam(const CloudRequest& request) {
  FormFields fields = RequestFields(request);
  const std::string* action = FindField(fields, "Action");
  if (action == nullptr) return InvalidAction(fields, request, kIamXmlns);

  if (*action == "ListRoles") {
    auto max_items = MaxItems(fields);
    if (!max_items) return BadMaxItems(request);
    const std::string* prefix = FindField(fields, "PathPrefix");
    std::vector<IamRole> roles;
    {
      std::lock_guard lock(state_->mu);
      for (const auto& [name, role] : state_->roles) {
        if (prefix == nullptr || role.path.compare(0, prefix->size(), *prefix) == 0) {
          roles.push_back(role);
        }
      }
    }
    std::sort(roles.begin(), roles.end(), [](const IamRole& a, const IamRole& b) {
      return a.path + a.name < b.path + b.name;
    });
    return QueryResult(*action, kIamXmlns,
                       Page(roles, FindField(fields, "Marker"), *max_items, "Roles", RoleRender{}),
                       request.request_id);
  }

  bool known = *action == "GetRole" || *action == "GetRolePolicy" ||
               *action == "ListRolePolicies" || *action == "ListAttachedRolePolicies";
  if (!known) return InvalidAction(fields, request, kIamXmlns);
  const std::string* role_name = FindField(fields, "RoleName");
  if (role_name == nullptr) return MissingParameter("roleName", request);
  auto role = GetRole(*role_name);
  if (!role) return IamError(role.error(), request);

  if (*action == "GetRole") {
    std::string xml = "<Role>";
    xml += detail::RoleXml(*role);
    xml += "</Role>";
    return QueryResult(*action, kIamXmlns, xml, request.request_id);
  }
  if (*action == "GetRolePolicy") {
    const std::string* policy_name = FindField(fields, "PolicyName");
    if (policy_name == nullptr) return MissingParameter("policyName", request);
    auto policy = role->inline_policies.find(*policy_name);
    if (policy == role->inline_policies.end()) {
      std::string message = "The role policy with name ";
      message += *policy_name;
      message += " cannot be found.";
      return QueryError(404, "NoSuchEntity", message, request.request_id, kIamXmlns);
    }
    std::string xml = "<RoleName>";
    xml += XmlEscape(role->name);
    xml += "</RoleName><PolicyName>";
    xml += XmlEscape(policy->first);
    xml += "</PolicyName><PolicyDocument>";
    xml += XmlEscape(detail::EncodePolicy(policy->second));
    xml += "</PolicyDocument>";
    return QueryResult(*action, kIamXmlns, xml, request.request_id);
  }
  auto max_items = MaxItems(fields);
  if (!max_items) return BadMaxItems(request);
  const std::string* marker = FindField(fields, "Marker");
  if (*action == "ListRolePolicies") {
    std::vector<std::string> names;
    for (const auto& [name, policy] : role->inline_policies) names.push_back(name);
    return QueryResult(*action, kIamXmlns,
                       Page(names, marker, *max_items, "PolicyNames", NameRender{}),
                       request.request_id);
  }
  std::vector<std::string> arns = role->managed_policy_arns;
  std::sort(arns.begin(), arns.end());
  return QueryResult(*action, kIamXmlns,
                     Page(arns, marker, *max_items, "AttachedPolicies", AttachedRender{}),
                     request.request_id);
}

CloudResponse IamService::HandleStsQuery(const CloudRequest& request) {
  try {
    return HandleSts(request);
  } catch (const std::exception& e) {
    return InternalFailure(e.what(), request, kStsXmlns);
  } catch (...) {
    return InternalFailure("unknown", request, kStsXmlns);
  }
}

CloudResponse IamService::HandleSts(const CloudRequest& request) {
  FormFields fields = RequestFields(request);
  const std::string* action = FindField(fields, "Action");
  if (action == nullptr || *action != "GetCallerIdentity") {
    return InvalidAction(fields, request, kStsXmlns);
  }
  const std::string& account = state_->context.account_id;
  std::string xml = "<Arn>arn:aws:iam::";
  xml += XmlEscape(account);
  xml += ":root</Arn><UserId>";
  xml += XmlEscape(account);
  xml += "</UserId><Account>";
  xml += XmlEscape(account);
  xml += "</Account>";
  return QueryResult(*action, kStsXmlns, xml, request.request_id);
}

}  // namespace sparta::local_cloud
