// GetBucketNotificationConfiguration and PutBucketNotificationConfiguration:
// the configuration is checked as S3 checks it (entry kinds, ARNs, event
// types, filter rules, unique Ids, overlapping entries), stored with the
// bucket and answered back. Delivering the events is not done yet, and a
// put says so on sparta-local's standard error.

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "sparta/events/s3_event_types.hpp"
#include "sparta/util/ascii.hpp"

#include "local_cloud/s3/errors.hpp"
#include "local_cloud/s3/object_store.hpp"
#include "local_cloud/s3/rest_common.hpp"
#include "local_cloud/s3/rest_handlers.hpp"
#include "local_cloud/s3/xml_writer.hpp"

namespace sparta::local_cloud::s3 {
namespace {

constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

// An entry kind: its element, the element holding its destination's ARN,
// and the service that ARN must name.
struct EntryKind {
  std::string_view element;
  std::string_view arn_element;
  std::string_view arn_service;
};
constexpr EntryKind kKinds[] = {
    {"TopicConfiguration", "Topic", "sns"},
    {"QueueConfiguration", "Queue", "sqs"},
    {"CloudFunctionConfiguration", "CloudFunction", "lambda"},
};

struct Entry {
  std::string id;
  std::vector<std::string> events;
  std::string prefix;
  std::string suffix;
};

// The key filter rules of `entry`, at most one prefix and one suffix.
Status ReadFilter(pugi::xml_node entry, Entry& out) {
  pugi::xml_node key = ChildNamed(ChildNamed(entry, "Filter"), "S3Key");
  bool prefix = false;
  bool suffix = false;
  for (pugi::xml_node rule : key.children()) {
    if (rule.type() != pugi::node_element || LocalName(rule) != "FilterRule") continue;
    const std::string name = util::ToLowerAscii(TrimmedChildText(rule, "Name"));
    const std::string value = ChildText(rule, "Value");
    if (name == "prefix" && !prefix) {
      prefix = true;
      out.prefix = value;
    } else if (name == "suffix" && !suffix) {
      suffix = true;
      out.suffix = value;
    } else if (name == "prefix" || name == "suffix") {
      return InvalidArgument("Cannot specify more than one " + name + " rule in a filter.");
    } else {
      return InvalidArgument("FilterRule name must be either prefix or suffix, not '" + name +
                             "'.");
    }
  }
  return {};
}

// Reads and checks one entry; gives it an Id when it has none (as S3 does).
Result<Entry> ReadEntry(pugi::xml_node node, const EntryKind& kind) {
  Entry entry;
  entry.id = TrimmedChildText(node, "Id");
  if (entry.id.empty()) {
    entry.id = RandomHex(16);
    pugi::xml_node id = node.prepend_child("Id");
    id.text().set(entry.id.c_str());
  }
  const std::string arn = TrimmedChildText(node, kind.arn_element);
  const std::string expected = std::string(":").append(kind.arn_service).append(":");
  if (!arn.starts_with("arn:") || arn.find(expected) == std::string::npos) {
    std::string message = "The ARN is not well formed: <";
    message.append(kind.arn_element);
    message += "> of a <";
    message.append(kind.element);
    message += "> names an ";
    message.append(kind.arn_service);
    message += " ARN, not '";
    message += arn;
    message += "'.";
    return InvalidArgument(message);
  }
  for (pugi::xml_node event : node.children()) {
    if (event.type() != pugi::node_element || LocalName(event) != "Event") continue;
    std::string type = event.text().as_string();
    if (!events::s3::IsEventType(type)) {
      return InvalidArgument("The event is not supported for notifications: '" + type +
                             "'; e.g. s3:ObjectCreated:*, s3:ObjectRemoved:Delete.");
    }
    entry.events.push_back(std::move(type));
  }
  if (entry.events.empty()) {
    std::string message = "A <";
    message.append(kind.element);
    message += "> lists at least one <Event>.";
    return InvalidArgument(message);
  }
  if (auto filter = ReadFilter(node, entry); !filter) return filter.error();
  return entry;
}

// S3 refuses two entries that could send one event twice.
Status CheckOverlaps(const std::vector<Entry>& entries) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const Entry& a = entries[i];
      const Entry& b = entries[j];
      if (a.id == b.id) {
        return InvalidArgument("Same ID used for multiple configurations: '" + a.id + "'.");
      }
      if (!events::s3::KeyFiltersOverlap(a.prefix, a.suffix, b.prefix, b.suffix)) continue;
      for (const std::string& x : a.events) {
        for (const std::string& y : b.events) {
          if (events::s3::EventTypesOverlap(x, y)) {
            return InvalidArgument(
                "Configurations overlap. Configurations on the same bucket cannot share a "
                "common event type: '" +
                x + "' of '" + a.id + "' and '" + y + "' of '" + b.id +
                "'; give them key prefixes or suffixes that do not overlap.");
          }
        }
      }
    }
  }
  return {};
}

}  // namespace

CloudResponse GetBucketNotificationOp(const RestCall& call) {
  auto document = call.core.store->GetNotificationConfiguration(call.target.bucket);
  if (!document) return ErrorResponse(call, document.error());
  if (!document->empty()) return XmlResponse(call, std::move(*document));
  XmlWriter xml;
  xml.Root("NotificationConfiguration");
  return XmlResponse(call, xml.Finish("NotificationConfiguration"));
}

CloudResponse PutBucketNotificationOp(const RestCall& call) {
  if (auto digests = VerifyBodyDigests(call, call.payload); !digests) {
    return ErrorResponse(call, digests.error());
  }
  pugi::xml_document document;
  if (auto parsed = ParseXmlBody(call.payload, "NotificationConfiguration", document); !parsed) {
    return ErrorResponse(call, parsed.error());
  }
  if (!call.core.store->FindBucket(call.target.bucket)) {
    return ErrorResponse(call, NoSuchBucket(call.target.bucket));
  }
  pugi::xml_node root = document.document_element();
  std::vector<Entry> entries;
  int event_bridge = 0;
  for (pugi::xml_node child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    const std::string_view name = LocalName(child);
    if (name == "EventBridgeConfiguration") {
      if (++event_bridge > 1) {
        return ErrorResponse(call, MalformedXml("at most one <EventBridgeConfiguration>."));
      }
      continue;
    }
    const EntryKind* kind = nullptr;
    for (const EntryKind& k : kKinds) {
      if (k.element == name) kind = &k;
    }
    if (kind == nullptr) {
      std::string detail = "<";
      detail.append(name);
      detail +=
          "> is not a notification entry; entries are <TopicConfiguration>, "
          "<QueueConfiguration>, <CloudFunctionConfiguration> and "
          "<EventBridgeConfiguration>.";
      return ErrorResponse(call, MalformedXml(detail));
    }
    auto entry = ReadEntry(child, *kind);
    if (!entry) return ErrorResponse(call, entry.error());
    entries.push_back(std::move(*entry));
  }
  if (auto overlaps = CheckOverlaps(entries); !overlaps) {
    return ErrorResponse(call, overlaps.error());
  }
  if (!root.attribute("xmlns")) {
    root.append_attribute("xmlns").set_value(std::string(kS3Namespace).c_str());
  }
  std::ostringstream text;
  document.save(text, "", pugi::format_raw, pugi::encoding_utf8);
  if (auto stored = call.core.store->PutNotificationConfiguration(call.target.bucket, text.str());
      !stored) {
    return ErrorResponse(call, stored.error());
  }
  if (!entries.empty() || event_bridge > 0) {
    std::cerr << "sparta-local: s3: bucket " << call.target.bucket
              << ": notification configuration stored (" << entries.size()
              << (entries.size() == 1 ? " entry" : " entries")
              << "); sparta-local does not deliver S3 event notifications yet\n";
  }
  return EmptyResponse(call, 200);
}

}  // namespace sparta::local_cloud::s3
