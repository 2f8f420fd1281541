#pragma once
// DynamoDbClient: items in DynamoDB tables over its JSON 1.0 protocol
// (API version 2012-08-10), the calls a handler makes all day: put, get,
// update and delete one item, query and scan, and any other operation as raw
// JSON.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/dynamodb_types.hpp"
#include "sparta/json/json.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

/// Names and values an expression refers to: `#name` → attribute name,
/// `:value` → value. Empty maps are not sent.
struct ExpressionArguments {
  std::map<std::string, std::string, std::less<>> names{};
  dynamodb::Item values{};
};

struct PutItemRequest {
  std::string table{};
  dynamodb::Item item{};
  /// e.g. "attribute_not_exists(sku)": the put happens only when it holds,
  /// else the error ConditionalCheckFailedException.
  std::string condition{};
  ExpressionArguments arguments{};
  /// Return the item this one replaced (ReturnValues ALL_OLD).
  bool return_old_item = false;
};

struct GetItemRequest {
  std::string table{};
  dynamodb::Item key{};
  bool consistent_read = false;
  std::string projection{};  // e.g. "sku, #c"; empty: every attribute
  ExpressionArguments arguments{};
};

struct UpdateItemRequest {
  std::string table{};
  dynamodb::Item key{};
  std::string update{};  // e.g. "SET #c = #c + :one"
  std::string condition{};
  ExpressionArguments arguments{};
  /// ReturnValues: "NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW".
  std::string return_values = "NONE";
};

struct DeleteItemRequest {
  std::string table{};
  dynamodb::Item key{};
  std::string condition{};
  ExpressionArguments arguments{};
  bool return_old_item = false;
};

/// Query (with `key_condition`) and Scan (without) share one request.
struct QueryRequest {
  std::string table{};
  std::string index{};          // a GSI or LSI; empty: the table
  std::string key_condition{};  // Query only: e.g. "pk = :pk AND begins_with(sk, :p)"
  std::string filter{};
  std::string projection{};
  ExpressionArguments arguments{};
  std::optional<int> limit{};  // items read per page (DynamoDB's Limit)
  std::optional<dynamodb::Item> exclusive_start_key{};
  bool consistent_read = false;
  bool scan_index_forward = true;  // Query only: false reads the sort key descending
};

/// Thread-safe (as AwsClient is). Errors carry DynamoDB's code and message
/// verbatim (ResourceNotFoundException, ConditionalCheckFailedException,
/// ValidationException, ...; throttling is retried by AwsClient first),
/// "InvalidResponse" for a success body that does not read as the
/// operation's output, or "InvalidArgument" for a request that lacks its
/// table or key (checked before anything is sent).
class DynamoDbClient {
 public:
  /// REQUIRES: `client` is configured for DynamoDB (signing name "dynamodb").
  explicit DynamoDbClient(std::shared_ptr<const AwsClient> client);

  /// The replaced item when `return_old_item` and there was one.
  Result<std::optional<dynamodb::Item>> PutItem(const PutItemRequest& request) const;
  /// The item, or nullopt when no item has the key.
  Result<std::optional<dynamodb::Item>> GetItem(const GetItemRequest& request) const;
  /// The attributes `return_values` asks for (nullopt for "NONE").
  Result<std::optional<dynamodb::Item>> UpdateItem(const UpdateItemRequest& request) const;
  /// The deleted item when `return_old_item` and there was one.
  Result<std::optional<dynamodb::Item>> DeleteItem(const DeleteItemRequest& request) const;
  /// One page; follow `last_evaluated_key` for the next.
  Result<dynamodb::Page> Query(const QueryRequest& request) const;
  Result<dynamodb::Page> Scan(const QueryRequest& request) const;

  /// Any other operation ("BatchWriteItem", "TransactWriteItems",
  /// "DescribeTable", ...) with its input and output as DynamoDB's JSON.
  Result<json::value> Call(std::string_view operation, const json::object& input) const;

 private:
  std::shared_ptr<const AwsClient> client_;
};

}  // namespace sparta::aws
