#include "aws/clients/query_call.hpp"

#include <string>
#include <utility>

#include "aws/clients/xml_reader.hpp"

namespace sparta::aws::detail {

Result<QueryResponse> CallQuery(const AwsClient& client, const QueryParams& params,
                                std::string_view service) {
  const std::string& action = params.action();
  auto response = client.Send(MakeQueryRequest(params), action);
  if (!response) return response.error();
  const std::string what = std::string(service) + " " + action;
  auto document = ParseXml(response->body, what);
  if (!document) return document.error();
  auto result = QueryResultNode(**document, action, what);
  if (!result) return result.error();
  return QueryResponse{std::move(*document), *result};
}

}  // namespace sparta::aws::detail
