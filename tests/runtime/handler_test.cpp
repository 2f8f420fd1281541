// Handler's type erasure and the detail functions behind it.
#include "sparta/runtime/handler.hpp"

#include <gtest/gtest.h>

#include <boost/describe.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <vector>

#include "sparta/runtime/function_error.hpp"

namespace sparta_handler_test {
struct Point {
  int x = 0;
  int y = 0;
};
BOOST_DESCRIBE_STRUCT(Point, (), (x, y))

enum class Status { Open, Shipped };
BOOST_DESCRIBE_ENUM(Status, Open, Shipped)
struct Line {
  std::string sku;
  int quantity = 1;
};
BOOST_DESCRIBE_STRUCT(Line, (), (sku, quantity))
struct Order {
  std::vector<Line> items;
  std::optional<std::string> note;
};
BOOST_DESCRIBE_STRUCT(Order, (), (items, note))
struct Quote {
  double price = 0;
  Status status = Status::Open;
};
BOOST_DESCRIBE_STRUCT(Quote, (), (price, status))
}  // namespace sparta_handler_test

namespace sparta::runtime {
namespace {

TEST(HandlerDetail, ParseEventAcceptsJsonAndNamesTheProblemOtherwise) {
  EXPECT_EQ(detail::ParseEvent(R"({"a":[1,2]})").at("a").as_array().size(), 2u);
  try {
    detail::ParseEvent("{\"a\":\n  tru}");
    FAIL() << "expected a FunctionError";
  } catch (const FunctionError& e) {
    EXPECT_EQ(e.error_type(), "Runtime.UnmarshalError");
    std::string what = e.what();
    EXPECT_NE(what.find("the event is not valid JSON"), std::string::npos) << what;
    EXPECT_NE(what.find("line 2"), std::string::npos) << what;
  }
  try {
    detail::ParseEvent("");
    FAIL() << "expected a FunctionError";
  } catch (const FunctionError& e) {
    EXPECT_EQ(e.error_type(), "Runtime.UnmarshalError");
    EXPECT_NE(std::string(e.what()).find("empty"), std::string::npos) << e.what();
  }
  // As deep as AWS sends; past Sparta's depth, an unmarshal error, not a crash.
  const std::string deep = std::string(512, '[') + std::string(512, ']');
  EXPECT_TRUE(detail::ParseEvent(deep).is_array());
  try {
    detail::ParseEvent(std::string(6 * 1000 * 1000, '['));
    FAIL() << "expected a FunctionError";
  } catch (const FunctionError& e) {
    EXPECT_EQ(e.error_type(), "Runtime.UnmarshalError");
    EXPECT_NE(std::string(e.what()).find("deeper than 1000 levels"), std::string::npos)
        << e.what();
  }
}

TEST(HandlerDetail, ThrowUnmarshalNamesTheTypeAndReason) {
  try {
    detail::ThrowUnmarshal("Point", "missing field y");
    FAIL();
  } catch (const FunctionError& e) {
    EXPECT_EQ(e.error_type(), "Runtime.UnmarshalError");
    EXPECT_STREQ(e.what(), "the event does not convert to Point: missing field y");
  }
}

TEST(HandlerDetail, DemangledName) {
  EXPECT_EQ(detail::DemangledName(typeid(std::runtime_error).name()), "std::runtime_error");
  EXPECT_EQ(detail::DemangledName(typeid(sparta_handler_test::Point).name()),
            "sparta_handler_test::Point");
  EXPECT_EQ(detail::DemangledName("_ZN2ns6DoWorkEi"), "ns::DoWork(int)");
  EXPECT_EQ(detail::DemangledName("not-mangled!"), "not-mangled!");
  EXPECT_EQ(detail::DemangledName(nullptr), "");
}

TEST(HandlerDetail, SerializeResponseIsCompactJson) {
  json::value v = {{"a", 1}, {"b", json::array{true, nullptr}}, {"c", 7.5}};
  EXPECT_EQ(detail::SerializeResponse(v), R"({"a":1,"b":[true,null],"c":7.5})");
}

// The FunctionError a call throws, or a failure when it throws nothing.
template <class F>
FunctionError ErrorFrom(F f) {
  try {
    f();
  } catch (const FunctionError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a FunctionError";
  return FunctionError("", "");
}

TEST(Handler, TypedHandlersConvertInAndOut) {
  Handler h = [](const sparta_handler_test::Point& p, Context&) {
    return sparta_handler_test::Point{p.y, p.x};
  };
  ASSERT_FALSE(h.streaming());
  ASSERT_FALSE(h.empty());
  Context ctx(InvocationInfo{});
  EXPECT_EQ(h.raw()(R"({"x":1,"y":2})", ctx), R"({"x":2,"y":1})");
  FunctionError e = ErrorFrom([&] { h.raw()(R"({"x":1,"y":"2"})", ctx); });
  EXPECT_EQ(e.error_type(), "Runtime.UnmarshalError");
  EXPECT_STREQ(e.what(),
               "the event does not convert to sparta_handler_test::Point: $.y: expected a "
               "number, got a string");
}

TEST(Handler, AnEventWithAnExtraFieldConverts) {
  Handler h = [](const sparta_handler_test::Point& p, Context&) { return p.x + p.y; };
  Context ctx(InvocationInfo{});
  EXPECT_EQ(h.raw()(R"({"x":1,"y":2,"addedByAws":{"v":[1]}})", ctx), "3");
}

TEST(Handler, AnEventWithAMissingFieldKeepsTheDefault) {
  Handler h = [](const sparta_handler_test::Order& o, Context&) {
    return o.items.empty() ? -1 : o.items[0].quantity;
  };
  Context ctx(InvocationInfo{});
  EXPECT_EQ(h.raw()(R"({"items":[{"sku":"a"}]})", ctx), "1");
  EXPECT_EQ(h.raw()(R"({"note":null})", ctx), "-1");
  FunctionError e = ErrorFrom(
      [&] { h.raw()(R"({"items":[{"sku":"a"},{"sku":"b"},{"sku":"c","quantity":"2"}]})", ctx); });
  EXPECT_EQ(e.error_type(), "Runtime.UnmarshalError");
  EXPECT_STREQ(e.what(),
               "the event does not convert to sparta_handler_test::Order: "
               "$.items[2].quantity: expected a number, got a string");
}

TEST(Handler, DoublesAreReturnedShortest) {
  Handler h = [](const sparta_handler_test::Point&, Context&) {
    return sparta_handler_test::Quote{7.5, sparta_handler_test::Status::Shipped};
  };
  Context ctx(InvocationInfo{});
  EXPECT_EQ(h.raw()("{}", ctx), R"({"price":7.5,"status":"Shipped"})");
  Handler plain = [](const double& d, Context&) { return d / 10; };
  EXPECT_EQ(plain.raw()("1", ctx), "0.1");
}

TEST(Handler, AResponseJsonCannotHoldIsAMarshalError) {
  Context ctx(InvocationInfo{});
  Handler nan = [](const sparta_handler_test::Point&, Context&) {
    return sparta_handler_test::Quote{std::numeric_limits<double>::quiet_NaN()};
  };
  FunctionError e = ErrorFrom([&] { nan.raw()("{}", ctx); });
  EXPECT_EQ(e.error_type(), "Runtime.MarshalError");
  EXPECT_STREQ(e.what(),
               "the response is not valid JSON: $.price: expected a finite number, got NaN "
               "(JSON has no NaN or Infinity)");

  Handler unnamed = [](const sparta_handler_test::Point&, Context&) {
    return sparta_handler_test::Quote{1, static_cast<sparta_handler_test::Status>(9)};
  };
  e = ErrorFrom([&] { unnamed.raw()("{}", ctx); });
  EXPECT_EQ(e.error_type(), "Runtime.MarshalError");
  EXPECT_STREQ(e.what(),
               "the response (sparta_handler_test::Quote) does not convert to JSON: $.status: "
               "expected a value of sparta_handler_test::Status listed in BOOST_DESCRIBE_ENUM, "
               "got 9");

  Handler binary = [](const sparta_handler_test::Point&, Context&) {
    return std::string("\x89PNG");
  };
  e = ErrorFrom([&] { binary.raw()("{}", ctx); });
  EXPECT_EQ(e.error_type(), "Runtime.MarshalError");
  EXPECT_NE(std::string(e.what()).find("not valid UTF-8"), std::string::npos) << e.what();
}

TEST(Handler, DefaultIsEmpty) {
  Handler h;
  EXPECT_TRUE(h.empty());
  EXPECT_FALSE(h.streaming());
}

}  // namespace
}  // namespace sparta::runtime
