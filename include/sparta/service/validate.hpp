#pragma once
// Validate(): checks a declared Service against AWS's limits before anything
// is synthesized or deployed, so mistakes surface at `build` time with a
// message that names the function, the field, and the allowed values.

#include <array>
#include <cstddef>
#include <string_view>

#include "sparta/runtime/reserved_environment.hpp"
#include "sparta/service/service.hpp"
#include "sparta/util/result.hpp"

namespace sparta {

// AWS limits the checks use (Lambda, CloudWatch Logs, CloudFormation).
inline constexpr std::size_t kMaxStackNameLength = 128;
inline constexpr std::size_t kMaxFunctionNameLength = 64;  // declared and deployed names
inline constexpr int kMinMemoryMb = 128;
inline constexpr int kMaxMemoryMb = 10'240;
inline constexpr int kMinTimeoutSeconds = 1;
inline constexpr int kMaxTimeoutSeconds = 900;
inline constexpr int kMinEphemeralStorageMb = 512;
inline constexpr int kMaxEphemeralStorageMb = 10'240;
/// Lambda's limit on all environment variables of a function, counted as the
/// JSON object `{"KEY":"value",...}` (a conservative reading of "4 KB").
inline constexpr std::size_t kMaxEnvironmentBytes = 4'096;
/// The values CloudWatch Logs accepts for a log group's RetentionInDays.
inline constexpr std::array<int, 22> kLogRetentionDays = {
    1,   3,   5,   7,   14,   30,   60,   90,   120,  150,  180,
    365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};
/// Environment variable names Lambda reserves: see
/// sparta/runtime/reserved_environment.hpp.
using runtime::kReservedEnvironmentNames;

/// Checks everything about `service` that AWS would reject, or that would
/// make the synthesized template ambiguous:
///  * stack name: a letter, then letters, digits and '-', at most 128;
///    description at most 1024 bytes;
///  * at least one function; names 1..64 of letters, digits, '-', '_';
///    no two functions with the same name or the same logical IDs;
///    `<stack>-<name>` (the deployed name) at most 64 characters;
///  * a handler; memory 128..10240 MB; timeout 1..900 s; ephemeral storage
///    512..10240 MB; reserved concurrency >= 0; log retention one of
///    kLogRetentionDays;
///  * environment names `[a-zA-Z][a-zA-Z0-9_]+`, none reserved by Lambda,
///    all variables together at most 4 KB;
///  * an existing role is an IAM role ARN; managed policies are IAM policy
///    ARNs; each privilege has actions (`*` or `service:Action`) and
///    resources, and a Condition that is a JSON object when given.
/// Returns OK or Error code "InvalidService" whose message lists every
/// problem, each naming the function and field, e.g.
///   function "Hello": memory_mb is 64; Lambda allows 128..10240 MB
Status Validate(const Service& service);

}  // namespace sparta
