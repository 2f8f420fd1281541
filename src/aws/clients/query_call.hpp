#pragma once
// One awsQuery call: serialize, send through AwsClient, parse the XML result.

#include <memory>
#include <pugixml.hpp>
#include <string_view>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/query_protocol.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws::detail {

/// A parsed success response. `result` is `<{Action}Result>` (an empty node
/// for operations without one) and lives as long as `document`.
struct QueryResponse {
  std::unique_ptr<pugi::xml_document> document;
  pugi::xml_node result;
};

/// Sends `params` as a POST / and parses the response. `service` names the
/// service in messages ("CloudFormation"). Errors: AwsClient's (AWS's code
/// and message verbatim), or "InvalidResponse" for an unreadable body.
Result<QueryResponse> CallQuery(const AwsClient& client, const QueryParams& params,
                                std::string_view service);

}  // namespace sparta::aws::detail
