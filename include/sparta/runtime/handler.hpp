#pragma once
// Handler: a type-erased Lambda handler built from a plain C++ callable.
//
// Accepted shapes (function pointers, lambdas, function objects):
//   Out  (const In&, Context&)                      typed JSON in, JSON out
//   std::string (std::string_view payload, Context&) raw bytes in and out
//   void (const In&, ResponseStream&, Context&)      typed in, streamed out
//   void (std::string_view, ResponseStream&, Context&) raw in, streamed out
//
// `In` and `Out` convert by sparta::jsonutil's rules (json/convert.hpp):
// BOOST_DESCRIBE_STRUCT structs matched by member name, unknown keys
// ignored, missing keys leaving the member's default, std::optional for
// optional or null fields, vectors, string-keyed maps, described enums as
// names, and tag_invoke overloads. `Out` may be void (the response is
// `null`); numbers are written shortest round-trip (7.5).
// An event that is not valid JSON, or does not convert to `In`, is reported
// as errorType "Runtime.UnmarshalError" with the reason and the field's
// path ("the event does not convert to Order: $.items[2].quantity: expected
// a number, got a string"). A response that JSON cannot hold (NaN,
// infinity, malformed UTF-8, an enum value without a name) is reported as
// "Runtime.MarshalError".
//
// **Example**:
//   struct Greeting { std::string name; };
//   BOOST_DESCRIBE_STRUCT(Greeting, (), (name))
//   std::string Hello(const Greeting& g, sparta::runtime::Context&) { return "hi " + g.name; }
//   sparta::runtime::Handler h = Hello;

#include <functional>
#include <string>
#include <string_view>
#include <type_traits>

#include "sparta/json/convert.hpp"
#include "sparta/json/json.hpp"
#include "sparta/runtime/context.hpp"
#include "sparta/runtime/response_stream.hpp"

namespace sparta::runtime {

namespace detail {
/// Parses an event for a typed handler; throws FunctionError
/// ("Runtime.UnmarshalError") naming the problem.
json::value ParseEvent(std::string_view payload);
/// Reports a failed conversion of the event to `type_name`.
[[noreturn]] void ThrowUnmarshal(std::string_view type_name, std::string_view reason);
/// Reports a response of type `type_name` that does not convert to JSON.
[[noreturn]] void ThrowMarshal(std::string_view type_name, std::string_view reason);
/// The response's compact text, numbers shortest round-trip; throws
/// FunctionError ("Runtime.MarshalError") for what JSON cannot hold.
std::string SerializeResponse(const json::value& value);
std::string DemangledName(const char* mangled);

template <class In>
In ConvertEvent(std::string_view payload) {
  json::value v = ParseEvent(payload);
  try {
    return jsonutil::FromJson<In>(v);
  } catch (const std::exception& e) {
    ThrowUnmarshal(DemangledName(typeid(In).name()), e.what());
  }
}

template <class Out>
std::string ConvertResponse(const Out& out) {
  json::value v;
  try {
    v = jsonutil::ToJson(out);
  } catch (const jsonutil::ConversionError& e) {
    ThrowMarshal(DemangledName(typeid(Out).name()), e.what());
  }
  return SerializeResponse(v);
}

template <class T>
struct Signature : Signature<decltype(&T::operator())> {};
template <class R, class... A>
struct Signature<R (*)(A...)> {
  using Return = R;
  using Args = std::tuple<A...>;
};
template <class R, class... A>
struct Signature<R(A...)> : Signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...)> : Signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...) const> : Signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...) noexcept> : Signature<R (*)(A...)> {};
template <class C, class R, class... A>
struct Signature<R (C::*)(A...) const noexcept> : Signature<R (*)(A...)> {};
template <class R, class... A>
struct Signature<R (*)(A...) noexcept> : Signature<R (*)(A...)> {};

template <class F, class = void>
struct HasSignature : std::false_type {};
template <class F>
struct HasSignature<F, std::void_t<typename Signature<F>::Args>> : std::true_type {};
}  // namespace detail

class Handler {
 public:
  using RawFn = std::function<std::string(std::string_view payload, Context&)>;
  using StreamFn = std::function<void(std::string_view payload, ResponseStream&, Context&)>;

  Handler() = default;

  template <class F>
    requires(!std::is_same_v<std::decay_t<F>, Handler>)
  Handler(F f) {  // NOLINT: implicit by design, so a function is a Handler
    using Fn = std::decay_t<F>;
    static_assert(detail::HasSignature<Fn>::value,
                  "a Sparta handler must be a function, lambda or function object with one "
                  "call signature: Out(const In&, Context&), std::string(std::string_view, "
                  "Context&), or the streaming forms taking (In, ResponseStream&, Context&)");
    using Sig = detail::Signature<Fn>;
    using Args = typename Sig::Args;
    using R = typename Sig::Return;
    if constexpr (std::tuple_size_v<Args> == 2) {
      using In = std::remove_cvref_t<std::tuple_element_t<0, Args>>;
      static_assert(std::is_same_v<std::tuple_element_t<1, Args>, Context&>,
                    "a handler's last parameter must be `sparta::runtime::Context&`");
      if constexpr (std::is_same_v<In, std::string_view>) {
        static_assert(std::is_convertible_v<R, std::string>,
                      "a raw handler (taking std::string_view) must return std::string");
        raw_ = [f = std::move(f)](std::string_view payload, Context& ctx) mutable -> std::string {
          return f(payload, ctx);
        };
      } else {
        raw_ = [f = std::move(f)](std::string_view payload, Context& ctx) mutable -> std::string {
          In in = detail::ConvertEvent<In>(payload);
          if constexpr (std::is_void_v<R>) {
            f(in, ctx);
            return "null";
          } else {
            return detail::ConvertResponse(f(in, ctx));
          }
        };
      }
    } else if constexpr (std::tuple_size_v<Args> == 3) {
      using In = std::remove_cvref_t<std::tuple_element_t<0, Args>>;
      static_assert(std::is_same_v<std::tuple_element_t<1, Args>, ResponseStream&> &&
                        std::is_same_v<std::tuple_element_t<2, Args>, Context&>,
                    "a streaming handler takes (In, sparta::runtime::ResponseStream&, "
                    "sparta::runtime::Context&)");
      static_assert(std::is_void_v<R>, "a streaming handler returns void");
      if constexpr (std::is_same_v<In, std::string_view>) {
        stream_ = std::move(f);
      } else {
        stream_ = [f = std::move(f)](std::string_view payload, ResponseStream& out,
                                     Context& ctx) mutable {
          In in = detail::ConvertEvent<In>(payload);
          f(in, out, ctx);
        };
      }
    } else {
      static_assert(std::tuple_size_v<Args> == 2,
                    "a Sparta handler takes (In, Context&) or (In, ResponseStream&, Context&)");
    }
  }

  bool streaming() const { return static_cast<bool>(stream_); }
  bool empty() const { return !raw_ && !stream_; }
  /// REQUIRES: !streaming() && !empty()
  const RawFn& raw() const { return raw_; }
  /// REQUIRES: streaming()
  const StreamFn& stream() const { return stream_; }

 private:
  RawFn raw_;
  StreamFn stream_;
};

}  // namespace sparta::runtime
