#pragma once
// The aws-chunked content encoding SigV4 streaming uploads use:
//
//   <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n ... 0[;chunk-signature=<sig>]\r\n
//   [<trailer name>:<value>\r\n ...]\r\n
//
// Chunk and trailer signatures are NOT verified here: the server verifies
// the seed signature (the request's Authorization header) and the local
// cloud trusts the rest of the stream from that authenticated sender.

#include <string>
#include <string_view>

#include "sparta/aws/http.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud::s3 {

struct DecodedChunks {
  std::string payload;
  aws::HeaderList trailers;  // names lower-case; x-amz-trailer-signature dropped
};

/// True when `x-amz-content-sha256` starts with "STREAMING-" or
/// Content-Encoding names "aws-chunked".
bool IsAwsChunked(const aws::HeaderList& headers);

/// Decodes an aws-chunked body. Error "IncompleteBody" (a chunk size that is
/// not hex, a chunk shorter than announced, a missing CRLF or final chunk).
Result<DecodedChunks> DecodeAwsChunked(std::string_view body);

/// Content-Encoding without its "aws-chunked" member ("" when nothing is
/// left): what S3 stores for the object.
std::string WithoutAwsChunked(std::string_view content_encoding);

}  // namespace sparta::local_cloud::s3
