#include "sparta/util/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

namespace sparta::util {
namespace fs = std::filesystem;

// POSIX reads rather than iostreams: a Lambda bootstrap that reads a file
// then carries no iostream or locale code (about 400 KB).
Result<std::string> ReadFile(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return MakeError("Io", "cannot read " + path.string() + ": " + std::strerror(errno));
  std::string contents;
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0) {
    contents.reserve(static_cast<size_t>(info.st_size));
  }
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string reason = std::strerror(errno);
      ::close(fd);
      return MakeError("Io", "error while reading " + path.string() + ": " + reason);
    }
    if (n == 0) break;
    contents.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return contents;
}

Status WriteFileAtomic(const fs::path& path, std::string_view contents, fs::perms mode) {
  std::random_device rd;
  fs::path tmp = path;
  tmp += ".tmp-" + std::to_string(rd() & 0xffffff);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) {
    return MakeError("Io", "cannot write " + path.string() + ": " + std::strerror(errno) +
                               " (check that the directory exists and is writable)");
  }
  const char* p = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      return MakeError("Io", "cannot write " + path.string() + ": " + reason);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  // The umask may have trimmed the mode: set it exactly.
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0 || ::fsync(fd) != 0) {
    std::string reason = std::strerror(errno);
    ::close(fd);
    ::unlink(tmp.c_str());
    return MakeError("Io", "cannot write " + path.string() + ": " + reason);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string reason = std::strerror(errno);
    ::unlink(tmp.c_str());
    return MakeError("Io", "cannot write " + path.string() + ": " + reason);
  }
  return {};
}

}  // namespace sparta::util
