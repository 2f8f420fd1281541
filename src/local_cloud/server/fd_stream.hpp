#pragma once
// FdStream: a blocking, connected socket as a Beast SyncReadStream /
// SyncWriteStream, with what Asio's synchronous sockets lack: every wait is
// bounded by a timeout and ends early when the server's stop event fires.

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>
#include <cerrno>
#include <chrono>
#include <cstddef>

namespace sparta::local_cloud::server::detail {

class FdStream {
 public:
  FdStream(int fd, int stop_fd, std::chrono::milliseconds timeout)
      : fd_(fd), stop_fd_(stop_fd), timeout_(timeout) {}

  int fd() const { return fd_; }

  template <class MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& ec) {
    ec = {};
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      boost::asio::mutable_buffer buffer(*it);
      if (buffer.size() == 0) continue;
      if (!Wait(POLLIN, ec)) return 0;
      while (true) {
        ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
        if (n > 0) return static_cast<std::size_t>(n);
        if (n == 0) {
          ec = boost::asio::error::eof;
          return 0;
        }
        if (errno == EINTR) continue;
        ec = boost::system::error_code(errno, boost::system::system_category());
        return 0;
      }
    }
    return 0;
  }

  template <class MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers) {
    boost::system::error_code ec;
    std::size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

  template <class ConstBufferSequence>
  std::size_t write_some(const ConstBufferSequence& buffers, boost::system::error_code& ec) {
    ec = {};
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      boost::asio::const_buffer buffer(*it);
      if (buffer.size() == 0) continue;
      while (true) {
        if (!Wait(POLLOUT, ec)) return 0;
        // Never blocking in send(): a blocking send of a large buffer waits
        // for a client that may never read, out of reach of the stop.
        ssize_t n = ::send(fd_, buffer.data(), buffer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
        ec = boost::system::error_code(errno, boost::system::system_category());
        return 0;
      }
    }
    return 0;
  }

  template <class ConstBufferSequence>
  std::size_t write_some(const ConstBufferSequence& buffers) {
    boost::system::error_code ec;
    std::size_t n = write_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

 private:
  // Waits until the socket is ready for `events`; false (with `ec` set) on
  // timeout, stop or a poll error. Once the server stops, reads end at once
  // but writes get a short grace: the answer to a request that was being
  // handled still reaches a client that reads it. The grace is one deadline
  // for the rest of the connection, not per write: a client reading a large
  // body slowly (or not at all) cannot hold the server's stop.
  bool Wait(short events, boost::system::error_code& ec) {
    const bool writing = (events & POLLOUT) != 0;
    while (true) {
      const bool watch_stop = !(writing && stopping_);
      int timeout = static_cast<int>(timeout_.count());
      if (!watch_stop) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            grace_end_ - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
          ec = boost::asio::error::timed_out;
          return false;
        }
        timeout = std::min(timeout, static_cast<int>(left.count()));
      }
      pollfd fds[2] = {{fd_, events, 0}, {stop_fd_, POLLIN, 0}};
      int ready = ::poll(fds, watch_stop ? 2 : 1, timeout);
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0) {
        ec = boost::system::error_code(errno, boost::system::system_category());
        return false;
      }
      if (ready == 0) {
        ec = boost::asio::error::timed_out;
        return false;
      }
      if (watch_stop && fds[1].revents != 0) {
        if (!writing) {
          ec = boost::asio::error::operation_aborted;
          return false;
        }
        stopping_ = true;
        grace_end_ = std::chrono::steady_clock::now() + kStopWriteGrace;
        continue;
      }
      return true;  // readable/writable, or an error/hangup the next call reports
    }
  }

  // Within the 2 s a stop may take, with room for the rest of it.
  static constexpr std::chrono::milliseconds kStopWriteGrace{1000};

  int fd_;
  int stop_fd_;
  std::chrono::milliseconds timeout_;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point grace_end_{};
};

}  // namespace sparta::local_cloud::server::detail
