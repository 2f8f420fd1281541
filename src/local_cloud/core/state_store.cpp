#include "sparta/local_cloud/state_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "sparta/util/digest.hpp"
#include "sparta/util/files.hpp"

namespace sparta::local_cloud {
namespace fs = std::filesystem;
namespace {

// WriteFileAtomic names its temporaries "<name>.tmp-<n>".
bool IsTemporary(const std::string& name) { return name.find(".tmp-") != std::string::npos; }

// A rename is durable only once its directory is synced.
Status SyncDirectory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return MakeError("Io", "cannot open " + dir.string() + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  std::string reason = rc != 0 ? std::strerror(errno) : "";
  ::close(fd);
  if (rc != 0) return MakeError("Io", "cannot sync " + dir.string() + ": " + reason);
  return {};
}

Status CheckKey(std::string_view key) {
  if (key.empty() || key.front() == '/' || key.find("..") != std::string_view::npos ||
      key.find('\0') != std::string_view::npos) {
    return MakeError("InvalidArgument", "invalid state key '" + std::string(key) + "'");
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<StateStore>> StateStore::Open(const fs::path& data_dir) {
  if (data_dir.empty()) return MakeError("InvalidArgument", "the data directory is empty");
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) {
    return MakeError("Io", "cannot create the data directory " + data_dir.string() + ": " +
                               ec.message());
  }
  fs::path root = fs::absolute(data_dir, ec);
  if (ec) root = data_dir;
  // Writable? Write and remove a probe the way every write happens.
  fs::path probe = root / ".probe";
  if (auto written = util::WriteFileAtomic(probe, "ok"); !written) {
    return MakeError("Io", "the data directory " + root.string() + " is not writable: " +
                               written.error().message);
  }
  fs::remove(probe, ec);
  // Temporaries of writers killed mid-write: never visible, now garbage.
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && IsTemporary(it->path().filename().string())) {
      std::error_code ignored;
      fs::remove(it->path(), ignored);
    }
  }
  return std::unique_ptr<StateStore>(new StateStore(std::move(root)));
}

std::string StateStore::EncodeName(std::string_view name) {
  if (name.size() > 120) return std::string(1, '~').append(util::Sha256Hex(name));
  std::string out;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (std::size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-' || (c == '.' && i > 0);
    if (safe) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  if (out.empty()) out.push_back('%');  // the empty name
  return out;
}

fs::path StateStore::PathOf(std::string_view key) const { return root_ / fs::path(key); }

Status StateStore::WriteAtomic(std::string_view key, std::string_view bytes) {
  if (auto ok = CheckKey(key); !ok) return ok;
  fs::path path = PathOf(key);
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return MakeError("Io", "cannot create " + path.parent_path().string() + ": " + ec.message());
  if (auto written = util::WriteFileAtomic(path, bytes); !written) return written;
  return SyncDirectory(path.parent_path());
}

Status StateStore::PutDocument(std::string_view key, const json::value& document) {
  return WriteAtomic(key, jsonutil::Pretty(document));
}

Result<std::optional<json::value>> StateStore::GetDocument(std::string_view key) const {
  if (auto ok = CheckKey(key); !ok) return ok.error();
  fs::path path = PathOf(key);
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<json::value>{};
  auto text = util::ReadFile(path);
  if (!text) return text.error();
  auto parsed = jsonutil::Parse(*text, path.string());
  if (!parsed) return MakeError("Corrupt", parsed.error().message);
  return std::optional<json::value>(std::move(*parsed));
}

Status StateStore::PutBlob(std::string_view key, std::string_view bytes) {
  return WriteAtomic(key, bytes);
}

Result<std::string> StateStore::GetBlob(std::string_view key) const {
  if (auto ok = CheckKey(key); !ok) return ok.error();
  fs::path path = PathOf(key);
  std::error_code ec;
  if (!fs::exists(path, ec)) return MakeError("NotFound", "no " + path.string());
  return util::ReadFile(path);
}

Status StateStore::Remove(std::string_view key) {
  if (auto ok = CheckKey(key); !ok) return ok;
  fs::path path = PathOf(key);
  std::error_code ec;
  auto removed = fs::remove_all(path, ec);
  if (ec) return MakeError("Io", "cannot remove " + path.string() + ": " + ec.message());
  if (removed == 0) return {};  // nothing was there
  return SyncDirectory(path.parent_path());
}

Result<std::vector<std::string>> StateStore::List(std::string_view dir) const {
  std::vector<std::string> names;
  if (!dir.empty()) {
    if (auto ok = CheckKey(dir); !ok) return ok.error();
  }
  fs::path path = dir.empty() ? root_ : PathOf(dir);
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return names;
  for (auto it = fs::directory_iterator(path, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!IsTemporary(name) && name != ".probe") names.push_back(std::move(name));
  }
  if (ec) return MakeError("Io", "cannot list " + path.string() + ": " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace sparta::local_cloud
