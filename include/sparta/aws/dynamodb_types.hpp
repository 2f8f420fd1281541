#pragma once
// The values DynamoDbClient exchanges. AttributeValue, Item and their JSON
// live in the events layer (events/attribute_value.hpp), which DynamoDB
// Streams events share; they are named here too, so that client code keeps
// writing sparta::aws::dynamodb::AttributeValue.

#include <cstdint>
#include <optional>
#include <vector>

#include "sparta/events/attribute_value.hpp"

namespace sparta::aws::dynamodb {

using sparta::dynamodb::AttributeValue;
using sparta::dynamodb::AttributeValueFromJson;
using sparta::dynamodb::Item;
using sparta::dynamodb::ItemFromJson;
using sparta::dynamodb::ToJson;
using sparta::dynamodb::TypeName;

/// One page of Query or Scan.
struct Page {
  std::vector<Item> items;
  /// Where the next page starts (pass it as `exclusive_start_key`); empty
  /// when this was the last page.
  std::optional<Item> last_evaluated_key;
  int64_t count = 0;          // items returned (after the filter)
  int64_t scanned_count = 0;  // items read (before the filter)
};

}  // namespace sparta::aws::dynamodb
