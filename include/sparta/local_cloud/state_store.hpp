#pragma once
// StateStore: the local cloud's persistent state under `--data-dir`.
//
// Everything a service commits (a stack, a bucket, an object, a function) is
// written here before the request that made it is answered, so it survives a
// restart, and every write is atomic (temporary file, fsync, rename, fsync of
// the directory): a `kill -9` at any moment leaves each key with its old or
// its new contents, never a torn one. Services that need several keys to
// change together order their writes so that any prefix of them is a
// consistent state (e.g. write an object's bytes under a fresh blob key
// first, then the metadata document that points at them).
//
// Keys are relative paths of '/'-separated components, each a safe file
// name; EncodeName() makes one out of any user-supplied name.
//
// Thread-safety: all members may be called concurrently; writes to the same
// key race (last rename wins), so services serialize their own updates.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/json/json.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud {

class StateStore {
 public:
  /// Creates `data_dir` (and parents) if missing and checks it is writable.
  /// Removes temporary files a killed writer left behind. Error "Io".
  static Result<std::unique_ptr<StateStore>> Open(const std::filesystem::path& data_dir);

  /// A file-name-safe, reversible, collision-free encoding of any name:
  /// bytes outside [A-Za-z0-9._-] and a leading '.' become "%XX"; names over
  /// 120 bytes become "~" + the SHA-256 hex of the name (not reversible:
  /// keep the real name inside the document).
  static std::string EncodeName(std::string_view name);

  /// Writes a JSON document atomically (pretty-printed, so a human can read
  /// the data dir). Parent directories are created.
  Status PutDocument(std::string_view key, const json::value& document);
  /// nullopt when the key does not exist; Error "Io" or "Corrupt" (not JSON).
  Result<std::optional<json::value>> GetDocument(std::string_view key) const;

  /// Raw bytes, same atomicity.
  Status PutBlob(std::string_view key, std::string_view bytes);
  /// Error "NotFound" when missing, "Io" otherwise.
  Result<std::string> GetBlob(std::string_view key) const;

  /// Removes one key or a whole directory of keys; a missing key is not an
  /// error.
  Status Remove(std::string_view key);

  /// The names directly under directory `dir` ("" for the root), sorted;
  /// empty when the directory does not exist. Temporary files are skipped.
  Result<std::vector<std::string>> List(std::string_view dir) const;

  /// The file behind `key`, for readers that stream or extract it.
  std::filesystem::path PathOf(std::string_view key) const;
  const std::filesystem::path& root() const { return root_; }

 private:
  explicit StateStore(std::filesystem::path root) : root_(std::move(root)) {}
  Status WriteAtomic(std::string_view key, std::string_view bytes);

  std::filesystem::path root_;
};

}  // namespace sparta::local_cloud
