// Handler's type erasure and the detail functions behind it.
#include "sparta/runtime/handler.hpp"

#include <gtest/gtest.h>

#include <boost/describe.hpp>
#include <stdexcept>

#include "sparta/runtime/function_error.hpp"

namespace sparta_handler_test {
struct Point {
  int x = 0;
  int y = 0;
};
BOOST_DESCRIBE_STRUCT(Point, (), (x, y))
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
  json::value v = {{"a", 1}, {"b", json::array{true, nullptr}}};
  EXPECT_EQ(detail::SerializeResponse(v), R"({"a":1,"b":[true,null]})");
}

TEST(Handler, TypedHandlersConvertInAndOut) {
  Handler h = [](const sparta_handler_test::Point& p, Context&) {
    return sparta_handler_test::Point{p.y, p.x};
  };
  ASSERT_FALSE(h.streaming());
  ASSERT_FALSE(h.empty());
  Context ctx(InvocationInfo{});
  EXPECT_EQ(h.raw()(R"({"x":1,"y":2})", ctx), R"({"x":2,"y":1})");
  try {
    h.raw()(R"({"x":1})", ctx);
    FAIL() << "a missing member must not convert";
  } catch (const FunctionError& e) {
    EXPECT_EQ(e.error_type(), "Runtime.UnmarshalError");
    EXPECT_NE(std::string(e.what()).find("sparta_handler_test::Point"), std::string::npos)
        << e.what();
  }
}

TEST(Handler, DefaultIsEmpty) {
  Handler h;
  EXPECT_TRUE(h.empty());
  EXPECT_FALSE(h.streaming());
}

}  // namespace
}  // namespace sparta::runtime
