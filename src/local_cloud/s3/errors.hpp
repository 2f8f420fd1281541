#pragma once
// S3's errors as sparta::Error values (code = S3's error code, message = its
// wording plus what to do), and the HTTP status S3 answers each code with.

#include <string_view>

#include "sparta/util/result.hpp"

namespace sparta::local_cloud::s3 {

Error NoSuchBucket(std::string_view bucket);
Error NoSuchKey(std::string_view key);
Error NoSuchUpload(std::string_view upload_id);
Error PreconditionFailed(std::string_view condition);
Error MalformedXml(std::string_view detail);
Error InvalidArgument(std::string_view message);
Error NotImplemented(std::string_view operation);

/// The HTTP status S3 uses for `code`; 500 for codes it does not know
/// (the StateStore's "Io", "Corrupt").
int HttpStatusOf(std::string_view code);

}  // namespace sparta::local_cloud::s3
