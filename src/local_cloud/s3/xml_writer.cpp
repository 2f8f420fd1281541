#include "local_cloud/s3/xml_writer.hpp"

#include <cstdio>
#include <ctime>

#include "sparta/aws/sigv4_detail.hpp"
#include "sparta/local_cloud/cloud_http.hpp"

namespace sparta::local_cloud::s3 {

XmlWriter::XmlWriter() { text_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"; }

XmlWriter XmlWriter::Fragment() {
  XmlWriter writer;
  writer.text_.clear();
  return writer;
}

XmlWriter& XmlWriter::Raw(std::string_view xml) {
  text_ += xml;
  return *this;
}

XmlWriter& XmlWriter::Root(std::string_view name) {
  text_ += "<";
  text_ += name;
  text_ += " xmlns=\"";
  text_ += kS3Xmlns;
  text_ += "\">";
  return *this;
}

XmlWriter& XmlWriter::Open(std::string_view name) {
  text_ += "<";
  text_ += name;
  text_ += ">";
  return *this;
}

XmlWriter& XmlWriter::Close(std::string_view name) {
  text_ += "</";
  text_ += name;
  text_ += ">";
  return *this;
}

XmlWriter& XmlWriter::Element(std::string_view name, std::string_view text) {
  Open(name);
  text_ += XmlEscape(text);
  return Close(name);
}

XmlWriter& XmlWriter::Element(std::string_view name, std::uint64_t number) {
  return Element(name, std::to_string(number));
}

XmlWriter& XmlWriter::Bool(std::string_view name, bool value) {
  return Element(name, value ? std::string_view("true") : std::string_view("false"));
}

std::string XmlWriter::Finish(std::string_view root_name) {
  Close(root_name);
  return std::move(text_);
}

namespace {
// Locale-independent names: HTTP dates are always English.
constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
}  // namespace

std::string HttpDate(std::chrono::system_clock::time_point time) {
  std::time_t t = std::chrono::system_clock::to_time_t(time);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7],
                tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text) {
  // "Fri, 27 Nov 2026 06:00:00 GMT"
  std::string copy(text);
  char day_name[4] = {};
  char month_name[4] = {};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  if (std::sscanf(copy.c_str(), "%3s, %d %3s %d %d:%d:%d GMT%n", day_name, &day, month_name, &year,
                  &hour, &minute, &second, &consumed) != 7 ||
      static_cast<std::size_t>(consumed) != copy.size()) {
    return std::nullopt;
  }
  int month = -1;
  for (int i = 0; i < 12; ++i) {
    if (std::string_view(kMonths[i]) == month_name) month = i;
  }
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return std::chrono::system_clock::from_time_t(::timegm(&tm));
}

std::string UrlEncodeKey(std::string_view key) { return aws::detail::UriEncode(key, true); }

}  // namespace sparta::local_cloud::s3
