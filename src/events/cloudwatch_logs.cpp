#include "sparta/events/cloudwatch_logs.hpp"

#include "events/gunzip.hpp"
#include "sparta/json/convert.hpp"
#include "sparta/util/base64.hpp"

namespace sparta::events {

Result<LogsData> DecodeLogsData(std::string_view base64_gzip) {
  auto compressed = util::Base64Decode(base64_gzip);
  if (!compressed) {
    return MakeError("InvalidBase64", "awslogs.data is not base64 (" +
                                          std::to_string(base64_gzip.size()) + " characters)");
  }
  auto text = internal::Gunzip(*compressed, kMaxDecodedLogsBytes, "awslogs.data");
  if (!text) {
    if (text.error().code != "TooLarge") return text.error();
    return MakeError("TooLarge", text.error().message +
                                     " (kMaxDecodedLogsBytes, the limit of DecodeLogsData)");
  }
  auto json = jsonutil::Parse(*text, "the decompressed awslogs.data");
  if (!json) return json.error();
  return jsonutil::TryFromJson<LogsData>(*json);
}

}  // namespace sparta::events
