#pragma once
// CappedBody: a Beast request body type for the Runtime API server. Included
// only by runtime_api_server.cpp (Beast stays out of everything else).

#include <algorithm>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

namespace sparta::local::detail {

// A request body that keeps at most `cap` bytes and counts the rest, so an
// oversized body can be consumed to its end and answered with 413.
struct CappedBody {
  struct value_type {
    std::string data;
    std::size_t cap = 0;
    std::uint64_t size = 0;  // bytes received, kept or not
    bool overflowed() const { return size > cap; }
  };

  class reader {
   public:
    template <bool kIsRequest, class Fields>
    reader(boost::beast::http::header<kIsRequest, Fields>&, value_type& body) : body_(body) {}

    void init(const boost::optional<std::uint64_t>& length, boost::beast::error_code& ec) {
      if (length && *length <= body_.cap) body_.data.reserve(static_cast<std::size_t>(*length));
      ec = {};
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, boost::beast::error_code& ec) {
      std::size_t total = 0;
      for (auto buffer : boost::beast::buffers_range_ref(buffers)) {
        const char* data = static_cast<const char*>(buffer.data());
        std::size_t n = buffer.size();
        if (body_.data.size() < body_.cap) {
          body_.data.append(data, std::min(n, body_.cap - body_.data.size()));
        }
        total += n;
      }
      body_.size += total;
      ec = {};
      return total;
    }

    void finish(boost::beast::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

}  // namespace sparta::local::detail
