#include "runtime/http_connection.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <string>

#include "sparta/util/ascii.hpp"

namespace sparta::runtime::internal {
namespace {

using util::EqualsIgnoreCase;
using util::HasToken;

constexpr size_t kInitialBuffer = 16 * 1024;
constexpr size_t kMaxHead = 1024 * 1024;      // status line + headers
constexpr size_t kMaxBody = size_t{1} << 31;  // far above Lambda's 6 MB (+ streaming)
constexpr size_t kMaxParts = 8;

std::string ErrnoText(int err) {
  char buf[128];
  // GNU strerror_r returns the message pointer (maybe not `buf`).
  return std::string(::strerror_r(err, buf, sizeof buf));
}

}  // namespace

std::string_view HttpResponse::Header(std::string_view name) const {
  for (const Field& f : fields_) {
    if (EqualsIgnoreCase(View(f.name), name)) return View(f.value);
  }
  return {};
}

HttpConnection::HttpConnection(Endpoint endpoint) : endpoint_(std::move(endpoint)) {}

HttpConnection::~HttpConnection() { Close(); }

Status HttpConnection::Connect() {
  if (fd_ >= 0) return {};
  int fd = ::socket(endpoint_.address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return MakeError("Connect", "cannot create a socket: " + ErrnoText(errno));
  }
  int one = 1;
  // Requests are single writes answered by the peer: Nagle would only add
  // delayed-ACK stalls (tens of ms) to every round trip.
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  int rc;
  do {
    rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&endpoint_.address),
                   endpoint_.address_length);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    int err = errno;
    ::close(fd);
    return MakeError("Connect", "cannot connect to the Runtime API at " + endpoint_.host_header +
                                    ": " + ErrnoText(err));
  }
  fd_ = fd;
  served_ = false;
  return {};
}

void HttpConnection::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  served_ = false;
  end_ = begin_;  // bytes the old connection sent past the last response are void
}

Status HttpConnection::Send(std::initializer_list<std::string_view> parts) {
  if (Status s = Connect(); !s) return s;
  iovec iov[kMaxParts];
  size_t count = 0;
  for (std::string_view p : parts) {
    if (p.empty()) continue;
    iov[count].iov_base = const_cast<char*>(p.data());
    iov[count].iov_len = p.size();
    ++count;
  }
  iovec* next = iov;
  while (count > 0) {
    msghdr msg{};
    msg.msg_iov = next;
    msg.msg_iovlen = count;
    ssize_t n = ::sendmsg(fd_, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      Close();
      return MakeError("Send", "cannot send to the Runtime API at " + endpoint_.host_header + ": " +
                                   ErrnoText(err));
    }
    auto written = static_cast<size_t>(n);
    while (count > 0 && written >= next->iov_len) {
      written -= next->iov_len;
      ++next;
      --count;
    }
    if (count > 0) {
      next->iov_base = static_cast<char*>(next->iov_base) + written;
      next->iov_len -= written;
    }
  }
  return {};
}

void HttpConnection::Reserve(size_t capacity) {
  if (capacity <= buffer_.size()) return;
  size_t grown = buffer_.empty() ? kInitialBuffer : buffer_.size() * 2;
  // resize() zero-fills only the new tail, once: the buffer never shrinks.
  buffer_.resize(grown > capacity ? grown : capacity);
}

HttpConnection::Fill HttpConnection::ReceiveMore() {
  if (end_ == buffer_.size()) Reserve(end_ + 1);
  for (;;) {
    ssize_t n = ::recv(fd_, buffer_.data() + end_, buffer_.size() - end_, 0);
    if (n > 0) {
      end_ += static_cast<size_t>(n);
      return Fill::kOk;
    }
    if (n == 0) return Fill::kClosed;
    if (errno == EINTR) continue;
    return (errno == ECONNRESET || errno == EPIPE) ? Fill::kClosed : Fill::kError;
  }
}

Result<const HttpResponse*> HttpConnection::Fail(std::string code, std::string message) {
  Close();
  return MakeError(std::move(code), std::move(message));
}

Status HttpConnection::ParseHead(size_t head_end, bool* chunked, bool* has_length, size_t* length,
                                 bool* close_after) {
  const char* data = buffer_.data();
  response_.fields_.clear();
  size_t line_end = static_cast<size_t>(
      static_cast<const char*>(std::memchr(data + begin_, '\n', head_end - begin_)) - data);
  std::string_view status_line(data + begin_, line_end - begin_);
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." || status_line[8] != ' ') {
    return MakeError("BadResponse", "the Runtime API sent a malformed status line");
  }
  int status = 0;
  auto [p, ec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, status);
  if (ec != std::errc() || p != status_line.data() + 12 || status < 100) {
    return MakeError("BadResponse", "the Runtime API sent a malformed status code");
  }
  response_.status_ = status;
  *close_after = status_line[7] == '0';  // HTTP/1.0: close unless keep-alive
  *chunked = false;
  *has_length = false;
  *length = 0;

  size_t pos = line_end + 1;
  while (pos < head_end) {
    const char* nl = static_cast<const char*>(std::memchr(data + pos, '\n', head_end - pos));
    size_t eol = nl ? static_cast<size_t>(nl - data) : head_end;
    size_t content_end = (eol > pos && data[eol - 1] == '\r') ? eol - 1 : eol;
    if (content_end == pos) break;  // the blank line
    const char* colon = static_cast<const char*>(std::memchr(data + pos, ':', content_end - pos));
    if (colon == nullptr) {
      return MakeError("BadResponse", "the Runtime API sent a header line without ':'");
    }
    size_t name_end = static_cast<size_t>(colon - data);
    size_t value_begin = name_end + 1;
    while (value_begin < content_end && (data[value_begin] == ' ' || data[value_begin] == '\t')) {
      ++value_begin;
    }
    size_t value_end = content_end;
    while (value_end > value_begin && (data[value_end - 1] == ' ' || data[value_end - 1] == '\t')) {
      --value_end;
    }
    HttpResponse::Field field{{pos, name_end - pos}, {value_begin, value_end - value_begin}};
    response_.fields_.push_back(field);
    std::string_view name(data + pos, name_end - pos);
    std::string_view value(data + value_begin, value_end - value_begin);
    if (name.size() == 14 && EqualsIgnoreCase(name, "content-length")) {
      size_t n = 0;
      auto [q, e] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (e != std::errc() || q != value.data() + value.size() || n > kMaxBody) {
        return MakeError("BadResponse", "the Runtime API sent an invalid Content-Length");
      }
      *has_length = true;
      *length = n;
    } else if (name.size() == 17 && EqualsIgnoreCase(name, "transfer-encoding")) {
      *chunked = HasToken(value, "chunked");
    } else if (name.size() == 10 && EqualsIgnoreCase(name, "connection")) {
      if (HasToken(value, "close")) *close_after = true;
      if (HasToken(value, "keep-alive")) *close_after = false;
    }
    pos = eol + 1;
  }
  return {};
}

// Decodes a chunked body in place: chunk data is moved down over the size
// lines, so the body ends up contiguous at `start`. Offsets, not pointers:
// the buffer may grow (move) while more bytes arrive.
Status HttpConnection::ReadChunkedBody(size_t start) {
  size_t out = start;  // end of the decoded body
  size_t pos = start;  // next undecoded byte
  auto need_line = [&](size_t from, size_t* eol) -> Status {
    for (;;) {
      const char* base = buffer_.data();
      const void* nl = std::memchr(base + from, '\n', end_ - from);
      if (nl != nullptr) {
        *eol = static_cast<size_t>(static_cast<const char*>(nl) - base);
        return {};
      }
      if (end_ - begin_ > kMaxBody) return MakeError("BadResponse", "chunked body too large");
      if (ReceiveMore() != Fill::kOk) {
        return MakeError("Receive", "the Runtime API closed the connection inside a chunked body");
      }
    }
  };
  for (;;) {
    size_t eol = 0;
    if (Status s = need_line(pos, &eol); !s) return s;
    size_t size = 0;
    const char* line = buffer_.data() + pos;
    auto [p, ec] = std::from_chars(line, buffer_.data() + eol, size, 16);
    if (ec != std::errc() || p == line || size > kMaxBody) {
      return MakeError("BadResponse", "the Runtime API sent an invalid chunk size");
    }
    pos = eol + 1;
    if (size == 0) {
      // Trailer fields (ignored) up to the blank line.
      for (;;) {
        if (Status s = need_line(pos, &eol); !s) return s;
        bool blank = eol == pos || (eol == pos + 1 && buffer_[pos] == '\r');
        pos = eol + 1;
        if (blank) break;
      }
      response_.body_ = {start, out - start};
      begin_ = pos;
      return {};
    }
    while (end_ < pos + size + 2) {
      Reserve(pos + size + 2);
      if (ReceiveMore() != Fill::kOk) {
        return MakeError("Receive", "the Runtime API closed the connection inside a chunk");
      }
    }
    std::memmove(buffer_.data() + out, buffer_.data() + pos, size);
    out += size;
    pos += size;
    if (buffer_[pos] == '\r') ++pos;
    if (buffer_[pos] != '\n') {
      return MakeError("BadResponse", "the Runtime API sent a chunk without its CRLF");
    }
    ++pos;
  }
}

Result<const HttpResponse*> HttpConnection::ReadResponse() {
  if (fd_ < 0) return MakeError("Closed", "not connected to the Runtime API");
  for (;;) {
    // Drop the previous response; keep bytes already received past it.
    if (begin_ > 0) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (buffer_.empty()) Reserve(kInitialBuffer);
    size_t scanned = 0;
    size_t head_end = 0;
    for (;;) {
      size_t from = scanned > 3 ? scanned - 3 : 0;
      const void* hit = ::memmem(buffer_.data() + from, end_ - from, "\r\n\r\n", 4);
      if (hit != nullptr) {
        head_end = static_cast<size_t>(static_cast<const char*>(hit) - buffer_.data()) + 4;
        break;
      }
      scanned = end_;
      if (end_ > kMaxHead) return Fail("BadResponse", "the Runtime API sent over 1 MiB of headers");
      Fill f = ReceiveMore();
      if (f == Fill::kClosed) {
        return end_ == 0
                   ? Fail("Closed", "the Runtime API closed the connection")
                   : Fail("BadResponse", "the Runtime API closed the connection mid-response");
      }
      if (f == Fill::kError) {
        return Fail("Receive", "cannot read from the Runtime API: " + ErrnoText(errno));
      }
    }
    bool chunked = false;
    bool has_length = false;
    bool close_after = false;
    size_t length = 0;
    if (Status s = ParseHead(head_end, &chunked, &has_length, &length, &close_after); !s) {
      return Fail(s.error().code, s.error().message);
    }
    int status = response_.status_;
    if (status < 200) {  // interim (100 Continue, ...): no body, read on
      begin_ = head_end;
      continue;
    }
    if (status == 204 || status == 304) {
      response_.body_ = {head_end, 0};
      begin_ = head_end;
    } else if (chunked) {
      if (Status s = ReadChunkedBody(head_end); !s) return Fail(s.error().code, s.error().message);
    } else if (has_length) {
      size_t total = head_end + length;
      Reserve(total);
      while (end_ < total) {
        if (ReceiveMore() != Fill::kOk) {
          return Fail("BadResponse", "the Runtime API closed the connection mid-body");
        }
      }
      response_.body_ = {head_end, length};
      begin_ = total;
    } else {  // no framing: the body runs to the end of the connection
      for (;;) {
        if (end_ - head_end > kMaxBody) return Fail("BadResponse", "response body too large");
        Fill f = ReceiveMore();
        if (f == Fill::kClosed) break;
        if (f == Fill::kError) {
          return Fail("Receive", "cannot read from the Runtime API: " + ErrnoText(errno));
        }
      }
      response_.body_ = {head_end, end_ - head_end};
      begin_ = end_;
      close_after = true;
    }
    response_.base_ = buffer_.data();
    served_ = true;
    if (close_after) Close();
    return &response_;
  }
}

Result<const HttpResponse*> HttpConnection::RoundTrip(
    std::initializer_list<std::string_view> parts) {
  bool reused = fd_ >= 0 && served_;
  Status sent = Send(parts);
  if (sent) {
    auto response = ReadResponse();
    if (response || !reused || response.error().code != "Closed") return response;
  } else if (!reused || sent.error().code != "Send") {
    return sent.error();
  }
  // The server had closed the idle keep-alive connection: one fresh try.
  if (Status again = Send(parts); !again) return again.error();
  return ReadResponse();
}

}  // namespace sparta::runtime::internal
