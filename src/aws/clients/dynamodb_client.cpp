// DynamoDB's JSON 1.0 protocol: every operation is a POST of a JSON document
// to "/", named by X-Amz-Target "DynamoDB_20120810.<Operation>"; errors are
// JSON documents with "__type" (read by AwsClient).

#include "sparta/aws/dynamodb_client.hpp"

#include <string>
#include <utility>

namespace sparta::aws {
namespace {

using dynamodb::Item;

Error Invalid(std::string_view operation, std::string_view what) {
  std::string message = "DynamoDB ";
  message.append(operation);
  message.append(": ");
  message.append(what);
  return MakeError("InvalidArgument", std::move(message));
}

// `item` (a key, or PutItem's item) must not be empty when given.
Status CheckTableAndKey(std::string_view operation, const std::string& table, const Item* item) {
  if (table.empty()) return Invalid(operation, "the table name is empty");
  if (item != nullptr && item->empty()) {
    return Invalid(operation, operation == "PutItem"
                                  ? "the item is empty: it needs at least the table's key"
                                  : "the key is empty: give the table's partition key (and "
                                    "sort key)");
  }
  return {};
}

void PutString(json::object& input, std::string_view name, const std::string& value) {
  if (!value.empty()) input[name] = value;
}

void PutArguments(json::object& input, const ExpressionArguments& arguments) {
  if (!arguments.names.empty()) {
    json::object names;
    for (const auto& [placeholder, name] : arguments.names) names[placeholder] = name;
    input["ExpressionAttributeNames"] = std::move(names);
  }
  if (!arguments.values.empty()) {
    input["ExpressionAttributeValues"] = dynamodb::ToJson(arguments.values);
  }
}

// The item under `member` of an operation's output, nullopt when absent.
Result<std::optional<Item>> OptionalItem(const json::value& output, std::string_view member) {
  const json::object* object = output.if_object();
  if (object == nullptr) return MakeError("InvalidResponse", "DynamoDB returned a non-object");
  const json::value* found = object->if_contains(member);
  if (found == nullptr) return std::optional<Item>();
  std::string path = "$.";
  path.append(member);
  auto item = dynamodb::ItemFromJson(*found, path);
  if (!item.ok()) return MakeError("InvalidResponse", item.error().message);
  return std::optional<Item>(std::move(*item));
}

Result<dynamodb::Page> ReadPage(const json::value& output) {
  const json::object* object = output.if_object();
  if (object == nullptr) return MakeError("InvalidResponse", "DynamoDB returned a non-object");
  dynamodb::Page page;
  if (const json::value* items = object->if_contains("Items")) {
    const json::array* array = items->if_array();
    if (array == nullptr) return MakeError("InvalidResponse", "$.Items: expected an array");
    page.items.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
      auto item = dynamodb::ItemFromJson((*array)[i], "$.Items[" + std::to_string(i) + "]");
      if (!item.ok()) return MakeError("InvalidResponse", item.error().message);
      page.items.push_back(std::move(*item));
    }
  }
  auto last = OptionalItem(output, "LastEvaluatedKey");
  if (!last.ok()) return last.error();
  page.last_evaluated_key = std::move(*last);
  auto count = [&](std::string_view name) -> int64_t {
    const json::value* v = object->if_contains(name);
    return v != nullptr && v->is_int64() ? v->as_int64() : 0;
  };
  page.count = count("Count");
  page.scanned_count = count("ScannedCount");
  return page;
}

json::object QueryInput(const QueryRequest& request, bool query) {
  json::object input;
  input["TableName"] = request.table;
  PutString(input, "IndexName", request.index);
  if (query) PutString(input, "KeyConditionExpression", request.key_condition);
  PutString(input, "FilterExpression", request.filter);
  PutString(input, "ProjectionExpression", request.projection);
  PutArguments(input, request.arguments);
  if (request.limit) input["Limit"] = *request.limit;
  if (request.exclusive_start_key) {
    input["ExclusiveStartKey"] = dynamodb::ToJson(*request.exclusive_start_key);
  }
  if (request.consistent_read) input["ConsistentRead"] = true;
  if (query && !request.scan_index_forward) input["ScanIndexForward"] = false;
  return input;
}

}  // namespace

DynamoDbClient::DynamoDbClient(std::shared_ptr<const AwsClient> client)
    : client_(std::move(client)) {}

Result<json::value> DynamoDbClient::Call(std::string_view operation,
                                         const json::object& input) const {
  HttpRequest http;
  http.method = "POST";
  std::string target = "DynamoDB_20120810.";
  target.append(operation);
  http.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                  {"X-Amz-Target", std::move(target)}};
  http.body = jsonutil::Compact(input);
  std::string name = "DynamoDB ";
  name.append(operation);
  auto response = client_->Send(std::move(http), name);
  if (!response.ok()) return response.error();
  if (response->body.empty()) return json::value(json::object());
  auto output = jsonutil::Parse(response->body, name + " response");
  if (!output.ok()) return MakeError("InvalidResponse", output.error().message);
  return std::move(*output);
}

Result<std::optional<Item>> DynamoDbClient::PutItem(const PutItemRequest& request) const {
  if (auto ok = CheckTableAndKey("PutItem", request.table, &request.item); !ok) return ok.error();
  json::object input;
  input["TableName"] = request.table;
  input["Item"] = dynamodb::ToJson(request.item);
  PutString(input, "ConditionExpression", request.condition);
  PutArguments(input, request.arguments);
  if (request.return_old_item) input["ReturnValues"] = "ALL_OLD";
  auto output = Call("PutItem", input);
  if (!output.ok()) return output.error();
  return OptionalItem(*output, "Attributes");
}

Result<std::optional<Item>> DynamoDbClient::GetItem(const GetItemRequest& request) const {
  if (auto ok = CheckTableAndKey("GetItem", request.table, &request.key); !ok) return ok.error();
  json::object input;
  input["TableName"] = request.table;
  input["Key"] = dynamodb::ToJson(request.key);
  if (request.consistent_read) input["ConsistentRead"] = true;
  PutString(input, "ProjectionExpression", request.projection);
  PutArguments(input, request.arguments);
  auto output = Call("GetItem", input);
  if (!output.ok()) return output.error();
  return OptionalItem(*output, "Item");
}

Result<std::optional<Item>> DynamoDbClient::UpdateItem(const UpdateItemRequest& request) const {
  if (auto ok = CheckTableAndKey("UpdateItem", request.table, &request.key); !ok) {
    return ok.error();
  }
  json::object input;
  input["TableName"] = request.table;
  input["Key"] = dynamodb::ToJson(request.key);
  PutString(input, "UpdateExpression", request.update);
  PutString(input, "ConditionExpression", request.condition);
  PutArguments(input, request.arguments);
  if (!request.return_values.empty() && request.return_values != "NONE") {
    input["ReturnValues"] = request.return_values;
  }
  auto output = Call("UpdateItem", input);
  if (!output.ok()) return output.error();
  return OptionalItem(*output, "Attributes");
}

Result<std::optional<Item>> DynamoDbClient::DeleteItem(const DeleteItemRequest& request) const {
  if (auto ok = CheckTableAndKey("DeleteItem", request.table, &request.key); !ok) {
    return ok.error();
  }
  json::object input;
  input["TableName"] = request.table;
  input["Key"] = dynamodb::ToJson(request.key);
  PutString(input, "ConditionExpression", request.condition);
  PutArguments(input, request.arguments);
  if (request.return_old_item) input["ReturnValues"] = "ALL_OLD";
  auto output = Call("DeleteItem", input);
  if (!output.ok()) return output.error();
  return OptionalItem(*output, "Attributes");
}

Result<dynamodb::Page> DynamoDbClient::Query(const QueryRequest& request) const {
  if (auto ok = CheckTableAndKey("Query", request.table, nullptr); !ok) return ok.error();
  if (request.key_condition.empty()) {
    return Invalid("Query",
                   "the key condition is empty: a Query names its partition key "
                   "(\"pk = :pk\"); to read the whole table use Scan");
  }
  auto output = Call("Query", QueryInput(request, true));
  if (!output.ok()) return output.error();
  return ReadPage(*output);
}

Result<dynamodb::Page> DynamoDbClient::Scan(const QueryRequest& request) const {
  if (auto ok = CheckTableAndKey("Scan", request.table, nullptr); !ok) return ok.error();
  if (!request.key_condition.empty()) {
    return Invalid("Scan", "a Scan takes no key condition: use Query, or a filter");
  }
  auto output = Call("Scan", QueryInput(request, false));
  if (!output.ok()) return output.error();
  return ReadPage(*output);
}

}  // namespace sparta::aws
