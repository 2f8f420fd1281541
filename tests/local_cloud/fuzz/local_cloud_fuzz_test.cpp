// A bounded randomized robustness test of the whole local cloud: an in-process
// LocalCloud receives correctly SIGNED requests whose content is mutated
// (form fields, JSON, XML, templates with intrinsics of the wrong shape,
// paths, query strings, headers). The contract under test: every request gets
// an answer in time, never a 5xx (501 NotImplemented aside), an error body in
// its protocol's shape, and afterwards the server still serves valid calls.
//
// Fixed seed and count, so a failure reproduces; SPARTA_FUZZ_SEED and
// SPARTA_FUZZ_COUNT override them for exploratory runs.

#include <gtest/gtest.h>
#include <pugixml.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "sparta/aws/http.hpp"
#include "sparta/aws/http_transport.hpp"
#include "sparta/aws/sigv4.hpp"
#include "sparta/json/json.hpp"
#include "sparta/local_cloud/local_cloud.hpp"
#include "sparta/util/base64.hpp"
#include "sparta/util/zip.hpp"

namespace sparta::local_cloud {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Fields = std::vector<std::pair<std::string, std::string>>;

constexpr std::uint64_t kDefaultSeed = 20261127;
constexpr int kDefaultCount = 1500;

std::uint64_t EnvNumber(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  return value == nullptr ? fallback : std::strtoull(value, nullptr, 10);
}

class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = fs::temp_directory_path() /
            ("sparta-fuzz-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

enum class Protocol { kQuery, kS3, kLambda };

struct Request {
  std::string service;  // the signing name
  Protocol protocol = Protocol::kQuery;
  std::string method = "POST";
  std::string path = "/";
  std::string query;
  aws::HeaderList headers;
  std::string body;
  std::string what;  // a short description for failure messages
};

std::string PercentEncode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string FormEncode(const Fields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += PercentEncode(name);
    out += '=';
    out += PercentEncode(value);
  }
  return out;
}

// ---- the random source and the mutations ----

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : engine_(seed) {}

  std::size_t Below(std::size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(engine_);
  }
  bool Chance(int percent) { return static_cast<int>(Below(100)) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }

  // A short value chosen to upset parsers and validators.
  std::string WeirdValue() {
    static const std::vector<std::string> kValues = {
        "",
        " ",
        "-1",
        "0",
        "-9223372036854775809",
        "18446744073709551616",
        "99999999999999999999999999999999",
        "1e308",
        "1e999",
        "NaN",
        "0x7fffffff",
        "2147483648",
        "4294967296",
        "3.5",
        "true",
        "null",
        "\xc3\xa9t\xc3\xa9 \xe2\x98\x83 \xf0\x9f\x98\x80",
        "\xff\xfe\xfd",
        "\xed\xa0\x80",
        std::string("nul\0byte", 8),
        "%",
        "%zz",
        "%00",
        "%FF%FE",
        "../../../../etc/passwd",
        "/",
        "//",
        "a/b/../../..",
        "<a>&amp;</b>",
        "]]>",
        "&#0;&#xD800;",
        "{\"a\":",
        "[[[[[[[[",
        "${AWS::NoSuch}",
        "${",
        "}",
        "Fn::GetAtt",
        "Ref",
        "arn:aws:iam::000000000000:role/x",
        "arn:::::",
        "bytes=5-2",
        "bytes=-0",
        "bytes=99999999999999999999-",
        std::string(300, 'x'),
        std::string(5000, 'y'),
    };
    return Pick(kValues);
  }

  // `text` with a few random byte-level edits.
  std::string Garble(std::string text) {
    int edits = 1 + static_cast<int>(Below(3));
    for (int i = 0; i < edits; ++i) {
      switch (Below(7)) {
        case 0:  // truncate
          text.resize(Below(text.size() + 1));
          break;
        case 1: {  // insert a weird value
          std::string weird = WeirdValue();
          text.insert(Below(text.size() + 1), weird);
          break;
        }
        case 2:  // delete a slice
          if (!text.empty()) {
            std::size_t at = Below(text.size());
            text.erase(at, Below(text.size() - at + 1));
          }
          break;
        case 3:  // duplicate a slice
          if (!text.empty()) {
            std::size_t at = Below(text.size());
            std::string slice = text.substr(at, Below(64));
            text.insert(Below(text.size() + 1), slice);
          }
          break;
        case 4:  // flip a byte
          if (!text.empty()) text[Below(text.size())] ^= static_cast<char>(1 + Below(255));
          break;
        case 5:  // replace everything
          text = WeirdValue();
          break;
        default:  // a structural character
          text.insert(Below(text.size() + 1), std::string(1, "{}[]<>\"'&=:,\\/"[Below(14)]));
          break;
      }
    }
    return text;
  }

  // Drops, duplicates, garbles, empties fields; adds odd member indexes.
  void MutateFields(Fields& fields) {
    int edits = 1 + static_cast<int>(Below(3));
    for (int i = 0; i < edits; ++i) {
      switch (Below(6)) {
        case 0:
          if (!fields.empty()) fields.erase(fields.begin() + static_cast<long>(Below(fields.size())));
          break;
        case 1:
          if (!fields.empty()) fields.push_back(fields[Below(fields.size())]);
          break;
        case 2:
          if (!fields.empty()) {
            auto& field = fields[Below(fields.size())];
            field.second = Garble(field.second);
          }
          break;
        case 3:
          if (!fields.empty()) fields[Below(fields.size())].second.clear();
          break;
        case 4: {
          static const std::vector<std::string> kNames = {
              "Parameters.member.0.ParameterKey", "Parameters.member.99999999999.ParameterValue",
              "Parameters.member.-1.ParameterKey", "Parameters.member.1.UsePreviousValue",
              "Tags.member.1.Key", "Tags.member.1000000.Value", "Capabilities.member.1",
              "Capabilities.member.x", "StackName", "TemplateURL", "NextToken", "MaxItems",
              "Marker", "ChangeSetName", "ChangeSetType", "StackStatusFilter.member.1",
              "RoleName", "PolicyName", "Version", "Action", "", "a.b.c.d.e.f.member.1"};
          fields.emplace_back(Pick(kNames), WeirdValue());
          break;
        }
        default:
          if (!fields.empty()) {
            auto& field = fields[Below(fields.size())];
            field.first = Garble(field.first);
          }
          break;
      }
    }
  }

  // A JSON value of a shape nobody expects, including intrinsic functions
  // with wrong arguments and deep nesting.
  json::value WeirdJson(int depth = 0) {
    switch (Below(depth > 2 ? 6 : 16)) {
      case 0: return json::value(nullptr);
      case 1: return json::value(static_cast<std::int64_t>(-1) - static_cast<std::int64_t>(Below(1u << 30)));
      case 2: return json::value(1e300);
      case 3: return json::value(WeirdValue());
      case 4: return json::value(Chance(50));
      case 5: return json::array();
      case 6: return json::object();
      case 7: {
        static const std::vector<std::string> kFunctions = {
            "Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::If",
            "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Fn::FindInMap", "Fn::Base64",
            "Fn::GetAZs", "Fn::ImportValue", "Fn::Cidr", "Fn::Length", "Fn::ToJsonString",
            "Condition", "Fn::Transform"};
        json::object call;
        call[Pick(kFunctions)] = WeirdJson(depth + 1);
        return call;
      }
      case 8: {
        json::array items;
        std::size_t n = Below(4);
        for (std::size_t i = 0; i < n; ++i) items.push_back(WeirdJson(depth + 1));
        return items;
      }
      case 9: {  // nesting: a little (evaluated) or past the JSON parser's depth limit
        json::value value = json::value("leaf");
        std::size_t levels = Chance(50) ? 1 + Below(10) : 50 + Below(2000);
        for (std::size_t i = 0; i < levels; ++i) {
          json::object call;
          call["Fn::Join"] = json::array{json::value(""), json::array{std::move(value)}};
          value = std::move(call);
        }
        return value;
      }
      case 10: {
        json::object call;
        call["Fn::Select"] = json::array{json::value(Pick(std::vector<std::string>{
                                             "99999999999999999999", "-1", "1e3", "x", ""})),
                                         json::array{json::value("a")}};
        return call;
      }
      case 11: {
        json::object call;
        call["Fn::Sub"] = Chance(50) ? json::value("${Missing} ${AWS::Region} ${!Literal} ${")
                                     : json::value(json::array{json::value("${X}"),
                                                               json::value(json::array())});
        return call;
      }
      case 12: {
        json::object call;
        call["Fn::GetAtt"] = Chance(50) ? json::value("NoDot")
                                        : json::value(json::array{json::value("Topic"),
                                                                  json::value(json::array())});
        return call;
      }
      case 14: {  // references between the templates' resources: cycles, self-references
        static const std::vector<std::string> kIds = {"Topic", "Queue", "Param", "Role",
                                                      "Bucket", "Fn", "Log", "Custom", "Name"};
        json::object call;
        if (Chance(50)) {
          call["Ref"] = Pick(kIds);
        } else {
          call["Fn::GetAtt"] = json::array{json::value(Pick(kIds)),
                                           json::value(Chance(50) ? "Arn" : "Nope")};
        }
        return call;
      }
      case 15: {
        json::object call;
        call["Fn::ImportValue"] = Chance(50) ? "fz-a-arn" : "fz-u1-arn";
        return call;
      }
      default: {
        json::object call;
        call["Fn::Cidr"] = json::array{json::value("10.0.0.0/8"), json::value(-5),
                                       json::value(99999999)};
        return call;
      }
    }
  }

  // Replaces a random node of `document` with WeirdJson().
  void MutateJson(json::value& document) {
    std::vector<json::value*> nodes;
    std::function<void(json::value&)> collect = [&](json::value& node) {
      nodes.push_back(&node);
      if (node.is_object()) {
        for (auto& member : node.get_object()) collect(member.value());
      } else if (node.is_array()) {
        for (auto& item : node.get_array()) collect(item);
      }
    };
    collect(document);
    json::value* target = nodes[Below(nodes.size())];
    if (target->is_object() && Chance(30)) {
      static const std::vector<std::string> kKeys = {"Fn::If", "DependsOn", "Condition",
                                                     "DeletionPolicy", "Type", "Metadata"};
      target->get_object()[Chance(30) ? WeirdValue() : Pick(kKeys)] =
          Chance(30) ? json::value(Pick(std::vector<std::string>{"Topic", "Queue", "Param", "IsP"}))
                     : WeirdJson();
    } else {
      *target = WeirdJson();
    }
  }

  // The body text of `document` after a JSON-level or a byte-level mutation.
  std::string MutateJsonText(json::value document) {
    if (Chance(65)) {
      int edits = 1 + static_cast<int>(Below(2));
      for (int i = 0; i < edits; ++i) MutateJson(document);
      return jsonutil::Compact(document);
    }
    return Garble(jsonutil::Compact(document));
  }

  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

// ---- valid starting points ----

const std::vector<std::string> kTemplates = {
    R"({"Parameters":{"Name":{"Type":"String","Default":"p"}},
        "Resources":{"Topic":{"Type":"AWS::SNS::Topic","Properties":{"TopicName":{"Ref":"Name"}}}}})",
    R"({"Parameters":{"Name":{"Type":"String","Default":"p","AllowedValues":["p","q"]},
        "Count":{"Type":"Number","Default":"2","MinValue":1,"MaxValue":5}},
        "Conditions":{"IsP":{"Fn::Equals":[{"Ref":"Name"},"p"]}},
        "Mappings":{"M":{"us-east-1":{"V":"mapped"}}},
        "Resources":{
          "Param":{"Type":"AWS::SSM::Parameter","Condition":"IsP","Properties":{
             "Type":"String",
             "Value":{"Fn::Join":["-",[{"Ref":"Name"},{"Fn::FindInMap":["M",{"Ref":"AWS::Region"},"V"]},
                     {"Fn::Select":[1,{"Fn::Split":[",","a,b,c"]}]}]]}}},
          "Queue":{"Type":"AWS::SQS::Queue","DependsOn":"Param","Properties":{
             "QueueName":{"Fn::Sub":"${AWS::StackName}-${Name}-q"}}}},
        "Outputs":{"QueueArn":{"Value":{"Fn::GetAtt":["Queue","Arn"]},
                   "Export":{"Name":{"Fn::Sub":"${AWS::StackName}-arn"}}},
                   "B64":{"Value":{"Fn::Base64":{"Fn::If":["IsP","yes","no"]}}}}})",
    R"({"Parameters":{"Name":{"Type":"String","Default":"p"}},
        "Resources":{"Bucket":{"Type":"AWS::S3::Bucket"},
        "Role":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{
          "Version":"2012-10-17","Statement":[{"Effect":"Allow",
          "Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}}}},
        "Outputs":{"BucketName":{"Value":{"Ref":"Bucket"}},
                   "RoleArn":{"Value":{"Fn::GetAtt":["Role","Arn"]}},
                   "Azs":{"Value":{"Fn::Join":[",",{"Fn::GetAZs":""}]}},
                   "Cidr":{"Value":{"Fn::Join":[",",{"Fn::Cidr":["10.0.0.0/16",4,8]}]}}}})",
    R"({"Parameters":{"Name":{"Type":"String","Default":"p"}},
        "Resources":{"Fn":{"Type":"AWS::Lambda::Function","Properties":{
          "Runtime":"provided.al2","Handler":"h","Role":"arn:aws:iam::000000000000:role/r",
          "Code":{"ZipFile":"not a zip"}}},
        "Log":{"Type":"AWS::Logs::LogGroup","Properties":{"RetentionInDays":7}},
        "Custom":{"Type":"Custom::Thing","Properties":{"ServiceToken":{"Fn::GetAtt":["Fn","Arn"]}}}}})",
    // Last: the one AllowedPattern template (see PatternCheck()).
    R"({"Parameters":{"Name":{"Type":"String","Default":"p","AllowedPattern":"[a-z0-9-]*"}},
        "Resources":{"Topic":{"Type":"AWS::SNS::Topic","Properties":{"TopicName":{"Ref":"Name"}}}}})",
    "Parameters:\n  Name:\n    Type: String\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub "
    "'${AWS::StackName}-t'\nOutputs:\n  Arn:\n    Value: !Ref Topic\n    Export:\n      Name: "
    "!Join [ '-', [ !Ref 'AWS::StackName', x ] ]\n",
};

class LocalCloudFuzzTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LocalCloudOptions options;
    options.port = 0;
    options.data_dir = dir_.path() / "data";
    options.max_body_bytes = 8 * 1024 * 1024;
    auto cloud = LocalCloud::Start(options);
    ASSERT_TRUE(cloud.ok()) << cloud.error().message;
    cloud_ = std::move(*cloud);
    transport_ = aws::MakeHttpTransport();
    credentials_.access_key_id = "test";
    credentials_.secret_access_key = "test";
  }
  void TearDown() override {
    if (cloud_) cloud_->Stop();
  }

  // Signs and sends `request`; records every breach of the contract.
  aws::HttpResponse Send(const Request& request) {
    aws::HttpRequest http;
    http.method = request.method;
    http.scheme = "http";
    http.host = "127.0.0.1";
    http.port = cloud_->port();
    http.path = request.path;
    http.query = request.query;
    http.headers = request.headers;
    http.body = request.body;
    aws::SigningOptions signing;
    signing.region = "us-east-1";
    signing.service = request.service;
    signing.s3_path_rules = request.service == "s3";
    signing.add_content_sha256 = request.service == "s3";
    Status signed_ok = aws::SignRequest(http, credentials_, signing);
    if (!signed_ok.ok()) {
      Fail(request, "cannot sign: " + signed_ok.error().message);
      return {};
    }
    ++sent_;
    const Clock::time_point start = Clock::now();
    auto response = transport_->Send(http, std::chrono::seconds(15));
    const auto elapsed = Clock::now() - start;
    if (elapsed > slowest_) {
      slowest_ = elapsed;
      slowest_what_ = request.what;
    }
    if (!response.ok()) {
      Fail(request, "no response: " + response.error().code + ": " + response.error().message);
      return {};
    }
    Check(request, *response);
    if (std::getenv("SPARTA_FUZZ_VERBOSE") != nullptr) {
      std::cout << response->status << ' ' << request.what << " | "
                << response->body.substr(0, 160) << '\n';
    }
    return *response;
  }

  void Fail(const Request& request, const std::string& why) {
    std::string line = why;
    line += " <- ";
    line += request.what;
    line += ' ';
    line += request.method;
    line += ' ';
    line += request.path.substr(0, 200);
    if (!request.query.empty()) {
      line += '?';
      line += request.query.substr(0, 200);
    }
    line += " body: ";
    line += request.body.substr(0, 400);
    failures_.push_back(std::move(line));
  }

  void Check(const Request& request, const aws::HttpResponse& response) {
    ++statuses_[response.status / 100];
    if (response.status >= 500 && response.status != 501) {
      Fail(request, "HTTP " + std::to_string(response.status) + " " + response.body.substr(0, 400));
      return;
    }
    if (response.status < 100) {
      Fail(request, "bad status " + std::to_string(response.status));
      return;
    }
    const bool error = response.status >= 300;
    switch (request.protocol) {
      case Protocol::kQuery: {
        pugi::xml_document doc;
        if (!doc.load_buffer(response.body.data(), response.body.size())) {
          Fail(request, "Query body is not XML: " + response.body.substr(0, 300));
          return;
        }
        const std::string root = doc.document_element().name();
        if (error && root == "Error" && request.query.size() > 60000 &&
            std::string(doc.document_element().child("Code").text().get()) == "BadRequest") {
          // Past the server's 64 KiB header limit the request is answered
          // before its signature (and so its service) is read: the
          // HTTP-level error comes in S3's shape, by design.
          return;
        }
        if (error) {
          if (root != "ErrorResponse" ||
              doc.document_element().child("Error").child("Code").text().empty()) {
            Fail(request, "Query error without ErrorResponse/Error/Code: " +
                              response.body.substr(0, 300));
          }
        } else if (!root.ends_with("Response")) {
          Fail(request, "Query success root is " + root);
        }
        return;
      }
      case Protocol::kS3: {
        if (request.method == "HEAD" || response.body.empty()) {
          if (error && request.method != "HEAD" && response.status != 304) {
            Fail(request, "S3 error without a body");
          }
          return;
        }
        const std::string* type = aws::FindHeader(response.headers, "Content-Type");
        const bool xml = type != nullptr && type->find("xml") != std::string::npos;
        if (!error && !xml) return;  // an object's own bytes
        pugi::xml_document doc;
        if (!doc.load_buffer(response.body.data(), response.body.size())) {
          Fail(request, "S3 body is not XML: " + response.body.substr(0, 300));
          return;
        }
        if (error && (std::string(doc.document_element().name()) != "Error" ||
                      doc.document_element().child("Code").text().empty())) {
          Fail(request, "S3 error without Error/Code: " + response.body.substr(0, 300));
        }
        return;
      }
      case Protocol::kLambda: {
        if (error) {
          if (aws::FindHeader(response.headers, "x-amzn-ErrorType") == nullptr) {
            Fail(request, "Lambda error without x-amzn-ErrorType");
          }
          auto parsed = jsonutil::Parse(response.body);
          if (!parsed.ok() || !parsed->is_object()) {
            Fail(request, "Lambda error body is not a JSON object: " + response.body.substr(0, 300));
          }
          return;
        }
        // Invoke returns the function's own payload; the rest is JSON.
        if (request.path.ends_with("/invocations") || response.body.empty()) return;
        const std::string* type = aws::FindHeader(response.headers, "Content-Type");
        if (type != nullptr && type->find("json") == std::string::npos) return;  // GetFunction code
        if (!jsonutil::Parse(response.body).ok()) {
          Fail(request, "Lambda body is not JSON: " + response.body.substr(0, 300));
        }
        return;
      }
    }
  }

  // ---- request builders ----

  Request Query(const std::string& service, Fields fields, bool mutate) {
    if (mutate) mutator_.MutateFields(fields);
    Request request;
    request.service = service;
    request.protocol = Protocol::kQuery;
    request.what = service;
    for (const auto& [name, value] : fields) {
      if (name == "Action") {
        request.what += ':';
        request.what += value.substr(0, 40);
      }
    }
    request.body = FormEncode(fields);
    std::string type = "application/x-www-form-urlencoded; charset=utf-8";
    if (mutate && mutator_.Chance(8)) {
      type = mutator_.Pick(std::vector<std::string>{"application/json", "text/plain", "",
                                                    "multipart/form-data; boundary=x",
                                                    "application/x-www-form-urlencoded; charset=\xff"});
    }
    if (mutate && mutator_.Chance(8)) {
      // The same fields in the query string instead (as GET works on AWS).
      request.query = request.body;
      request.body.clear();
      request.method = mutator_.Chance(50) ? "GET" : "POST";
    }
    if (mutate && mutator_.Chance(4)) request.path = mutator_.Pick(std::vector<std::string>{
        "/x", "/%zz", "//", "/..", "/a/b/c?"});
    if (mutate && mutator_.Chance(5)) request.body = mutator_.Garble(request.body);
    if (!type.empty()) request.headers.emplace_back("Content-Type", type);
    return request;
  }

  std::string StackName() {
    return mutator_.Pick(std::vector<std::string>{"fz-a", "fz-b", "fz-c", "fz-d"});
  }

  std::string Template(bool mutate) {
    const std::string& base = mutator_.Pick(kTemplates);
    if (!mutate) return base;
    if (base.front() != '{' || mutator_.Chance(15)) return mutator_.Garble(base);
    auto parsed = jsonutil::Parse(base);
    if (!parsed.ok()) return base;
    if (mutator_.Chance(50)) {
      // Only a value the evaluator reaches (a resource property or an
      // output): the template stays valid in shape, so evaluation runs.
      std::vector<json::value*> values;
      for (const char* section : {"Resources", "Outputs"}) {
        if (json::object* entries = parsed->get_object().if_contains(section)
                                        ? parsed->get_object()[section].if_object()
                                        : nullptr) {
          for (auto& entry : *entries) {
            json::object* body = entry.value().if_object();
            if (body == nullptr) continue;
            const char* key = std::string_view(section) == "Outputs" ? "Value" : "Properties";
            if (body->if_contains(key)) values.push_back(&(*body)[key]);
          }
        }
      }
      if (!values.empty()) {
        mutator_.MutateJson(*values[mutator_.Below(values.size())]);
        return jsonutil::Compact(*parsed);
      }
    }
    return mutator_.MutateJsonText(*parsed);
  }

  Request CloudFormation(bool mutate) {
    Fields fields;
    const std::string stack = StackName();
    switch (mutator_.Below(11)) {
      case 0:
        if (mutator_.Chance(15)) return PatternCheck();
        [[fallthrough]];
      case 1:
        // Half under a fresh name, so creation (and template evaluation)
        // runs rather than stopping at AlreadyExistsException.
        fields = {{"Action", "CreateStack"}, {"Version", "2010-05-15"},
                  {"StackName", mutator_.Chance(50) ? "fz-u" + std::to_string(++fresh_stacks_)
                                                    : stack},
                  {"TemplateBody", Template(mutate)},
                  {"Parameters.member.1.ParameterKey", "Name"},
                  {"Parameters.member.1.ParameterValue", "p"},
                  {"Capabilities.member.1", "CAPABILITY_IAM"},
                  {"Tags.member.1.Key", "k"}, {"Tags.member.1.Value", "v"}};
        // Mostly the template alone is mutated, so creation gets going.
        return Query("cloudformation", std::move(fields), mutate && mutator_.Chance(30));
      case 2:
        fields = {{"Action", "UpdateStack"}, {"Version", "2010-05-15"}, {"StackName", stack},
                  {"TemplateBody", Template(mutate)},
                  {"Parameters.member.1.ParameterKey", "Name"},
                  {"Parameters.member.1.UsePreviousValue", "true"}};
        if (mutator_.Chance(30)) {
          fields.erase(fields.begin() + 3);
          fields.emplace_back("UsePreviousTemplate", "true");
        }
        break;
      case 3:
        fields = {{"Action", "DescribeStacks"}, {"Version", "2010-05-15"}};
        if (mutator_.Chance(70)) fields.emplace_back("StackName", stack);
        break;
      case 4:
        fields = {{"Action", "CreateChangeSet"}, {"Version", "2010-05-15"}, {"StackName", stack},
                  {"ChangeSetName", "cs" + std::to_string(mutator_.Below(3))},
                  {"ChangeSetType", mutator_.Chance(50) ? "CREATE" : "UPDATE"},
                  {"TemplateBody", Template(mutate)}};
        break;
      case 5:
        fields = {{"Action", mutator_.Pick(std::vector<std::string>{
                                 "ExecuteChangeSet", "DescribeChangeSet", "DeleteChangeSet"})},
                  {"Version", "2010-05-15"}, {"StackName", stack},
                  {"ChangeSetName", "cs" + std::to_string(mutator_.Below(3))}};
        break;
      case 6:
        fields = {{"Action", "DeleteStack"}, {"Version", "2010-05-15"}, {"StackName", stack}};
        break;
      case 7:
        fields = {{"Action", mutator_.Pick(std::vector<std::string>{
                                 "DescribeStackEvents", "DescribeStackResources", "GetTemplate",
                                 "ListStackResources", "DescribeStackResource",
                                 "ListChangeSets", "GetTemplateSummary"})},
                  {"Version", "2010-05-15"}, {"StackName", stack}, {"LogicalResourceId", "Queue"}};
        break;
      case 8:
        fields = {{"Action", mutator_.Pick(std::vector<std::string>{"ListStacks", "ListExports",
                                                                    "ValidateTemplate"})},
                  {"Version", "2010-05-15"}, {"NextToken", mutator_.WeirdValue()},
                  {"StackStatusFilter.member.1", "CREATE_COMPLETE"},
                  {"TemplateBody", Template(mutate)}};
        break;
      case 9:
        fields = {{"Action", "UpdateStack"}, {"Version", "2010-05-15"}, {"StackName", stack},
                  {"UsePreviousTemplate", "true"},
                  {"Parameters.member.1.ParameterKey", "Count"},
                  {"Parameters.member.1.ParameterValue", mutator_.WeirdValue()}};
        break;
      default:
        fields = {{"Action", mutator_.Pick(std::vector<std::string>{
                                 "CancelUpdateStack", "ContinueUpdateRollback",
                                 "DescribeStackDrift", "NoSuchAction"})},
                  {"Version", "2010-05-15"}, {"StackName", stack}};
        break;
    }
    return Query("cloudformation", std::move(fields), mutate);
  }

  // A parameter value checked against an AllowedPattern: long values and
  // patterns that backtrack, which a recursive regex engine cannot take.
  Request PatternCheck() {
    std::string body = kTemplates[kTemplates.size() - 2];
    const std::string pattern = mutator_.Pick(std::vector<std::string>{
        "[a-z0-9-]*", "(p|q)*", "(p+)+q", "(.*)*x", "(p*)*\\1", "[", "p{2,99999}"});
    body.replace(body.find("[a-z0-9-]*"), 10, pattern);
    const std::size_t size = mutator_.Pick(std::vector<std::size_t>{
        40, 4096, 4097, 20000 + mutator_.Below(200000)});  // 4096: CloudFormation's maximum
    const std::string value(size, 'p');
    return Query("cloudformation",
                 {{"Action", "CreateStack"}, {"Version", "2010-05-15"},
                  {"StackName", "fz-u" + std::to_string(++fresh_stacks_)},
                  {"TemplateBody", body}, {"Parameters.member.1.ParameterKey", "Name"},
                  {"Parameters.member.1.ParameterValue", value}},
                 false);
  }

  Request IamOrSts(bool mutate) {
    if (mutator_.Chance(25)) {
      return Query("sts", {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}}, mutate);
    }
    Fields fields = {{"Action", mutator_.Pick(std::vector<std::string>{
                                    "GetRole", "GetRolePolicy", "ListRolePolicies",
                                    "ListAttachedRolePolicies", "ListRoles", "CreateRole"})},
                     {"Version", "2010-05-08"},
                     {"RoleName", mutator_.Chance(50) ? "fz-role" : "no-such-role"},
                     {"PolicyName", "p"},
                     {"MaxItems", std::to_string(mutator_.Below(5))},
                     {"Marker", mutator_.Chance(50) ? "" : mutator_.WeirdValue()}};
    return Query("iam", std::move(fields), mutate);
  }

  std::string Bucket() { return mutator_.Pick(std::vector<std::string>{"fz-bucket", "fz-other"}); }
  std::string Key() {
    return mutator_.Pick(std::vector<std::string>{"k", "dir/a%20b", "dir/", "%E2%98%83",
                                                  "k?x", "a//b", std::string(1100, 'k')});
  }

  Request S3(bool mutate) {
    Request request;
    request.service = "s3";
    request.protocol = Protocol::kS3;
    const std::string bucket = Bucket();
    const std::string object = "/" + bucket + "/" + Key();
    switch (mutator_.Below(12)) {
      case 0:
        request.what = "s3:CreateBucket";
        request.method = "PUT";
        request.path = "/" + bucket;
        if (mutator_.Chance(50)) {
          request.body =
              "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
              "<LocationConstraint>us-east-1</LocationConstraint></CreateBucketConfiguration>";
        }
        break;
      case 1:
      case 2:
        request.what = "s3:PutObject";
        request.method = "PUT";
        request.path = object;
        request.body = "hello fuzz";
        request.headers = {{"Content-Type", "text/plain"}, {"x-amz-meta-a", "b"}};
        break;
      case 3:
        request.what = "s3:GetObject";
        request.method = mutator_.Chance(70) ? "GET" : "HEAD";
        request.path = object;
        request.headers = {{"Range", "bytes=0-3"}};
        break;
      case 4:
        request.what = "s3:ListObjectsV2";
        request.method = "GET";
        request.path = "/" + bucket;
        request.query = "list-type=2&max-keys=2&prefix=dir%2F&delimiter=%2F";
        break;
      case 5:
        request.what = "s3:CreateMultipartUpload";
        request.method = "POST";
        request.path = object;
        request.query = "uploads=";
        break;
      case 6:
        request.what = "s3:UploadPart";
        request.method = "PUT";
        request.path = object;
        request.query = "partNumber=" + std::to_string(1 + mutator_.Below(3)) + "&uploadId=" +
                        (upload_id_.empty() ? "nope" : upload_id_);
        request.body = std::string(100, 'p');
        break;
      case 7:
        request.what = "s3:CompleteMultipartUpload";
        request.method = "POST";
        request.path = object;
        request.query = "uploadId=" + (upload_id_.empty() ? std::string("nope") : upload_id_);
        request.body =
            "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"abc\"</ETag></Part>"
            "<Part><PartNumber>2</PartNumber><ETag>\"def\"</ETag></Part></CompleteMultipartUpload>";
        break;
      case 8:
        request.what = "s3:DeleteObjects";
        request.method = "POST";
        request.path = "/" + bucket;
        request.query = "delete=";
        request.body =
            "<Delete><Quiet>false</Quiet><Object><Key>k</Key></Object>"
            "<Object><Key>dir/a b</Key><VersionId>null</VersionId></Object></Delete>";
        break;
      case 9:
        request.what = "s3:CopyObject";
        request.method = "PUT";
        request.path = object;
        request.headers = {{"x-amz-copy-source", "/" + bucket + "/k"},
                           {"x-amz-metadata-directive", "REPLACE"}};
        break;
      case 10:
        if (mutator_.Chance(50)) {
          // A streaming (aws-chunked) upload: its own little framing.
          request.what = "s3:PutObjectChunked";
          request.method = "PUT";
          request.path = object;
          const bool trailer = mutator_.Chance(50);
          request.headers = {
              {"x-amz-content-sha256", trailer ? "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
                                               : "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
              {"Content-Encoding", "aws-chunked"},
              {"x-amz-decoded-content-length", "10"}};
          if (trailer) request.headers.emplace_back("x-amz-trailer", "x-amz-checksum-crc32");
          request.body = trailer ? "5\r\nhello\r\n5\r\nworld\r\n0\r\n"
                                   "x-amz-checksum-crc32:AAAAAA==\r\n\r\n"
                                 : "5;chunk-signature=ab\r\nhello\r\n5;chunk-signature=cd\r\n"
                                   "world\r\n0;chunk-signature=ef\r\n\r\n";
          if (mutate && mutator_.Chance(50)) {
            request.body = mutator_.Pick(std::vector<std::string>{
                "ffffffffffffffff\r\nx\r\n0\r\n\r\n", "-5\r\nhello\r\n0\r\n\r\n",
                "10000000000000000000\r\n", "5\r\nhel", "0\r\n", "", "\r\n\r\n",
                "5;chunk-signature=\r\nhello\r\n0\r\n:\r\n\r\n",
                "5\r\nhello\r\n0\r\nx-amz-checksum-crc32\r\n\r\n",
                "7fffffffffffffff;x\r\n" + std::string(100, 'a'),
                "5 \r\nhello\r\n0\r\n\r\n", "0x5\r\nhello\r\n0\r\n\r\n"});
          }
          break;
        }
        request.what = "s3:ListMisc";
        request.method = "GET";
        request.path = mutator_.Chance(50) ? "/" : "/" + bucket;
        request.query = mutator_.Pick(std::vector<std::string>{
            "uploads=", "versions=", "location=", "list-type=2&continuation-token=abc",
            "uploadId=x", "acl=", "tagging=", "marker=k&max-keys=1"});
        break;
      default:
        request.what = "s3:Delete";
        request.method = "DELETE";
        request.path = mutator_.Chance(50) ? object : "/" + bucket;
        break;
    }
    if (!mutate) return request;
    int edits = 1 + static_cast<int>(mutator_.Below(3));
    for (int i = 0; i < edits; ++i) {
      switch (mutator_.Below(8)) {
        case 0:
          if (!request.body.empty()) request.body = mutator_.Garble(request.body);
          break;
        case 1: {
          static const std::vector<std::string> kHeaders = {
              "Range", "Content-MD5", "x-amz-checksum-crc32", "x-amz-checksum-sha256",
              "x-amz-checksum-algorithm", "If-Match", "If-None-Match", "If-Modified-Since",
              "If-Unmodified-Since", "x-amz-copy-source", "x-amz-copy-source-range",
              "x-amz-metadata-directive", "x-amz-storage-class", "x-amz-tagging",
              "x-amz-meta-\xc3\xa9", "x-amz-decoded-content-length", "Content-Encoding",
              "x-amz-acl", "x-amz-mp-parts-count", "x-amz-object-lock-retain-until-date",
              "Content-Type", "x-amz-server-side-encryption", "x-amz-expected-bucket-owner",
              "partNumber", "x-amz-copy-source-if-match"};
          std::string value = mutator_.WeirdValue();
          std::erase_if(value, [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
          aws::SetHeader(request.headers, mutator_.Pick(kHeaders), value);
          break;
        }
        case 2:
          request.query = mutator_.Garble(request.query);
          std::erase_if(request.query, [](char c) {
            return c == '#' || c == ' ' || static_cast<unsigned char>(c) < 0x21 ||
                   static_cast<unsigned char>(c) >= 0x7f;
          });
          break;
        case 3:
          request.path = mutator_.Pick(std::vector<std::string>{
              "/%zz", "/" + bucket + "/%", "/" + bucket + "/..", "//", "/%00/x",
              "/" + bucket + "/%FF%FE", "/" + std::string(300, 'B'), "/A_B", "/" + bucket + "//"});
          break;
        case 4: {
          static const std::vector<std::string> kQueries = {
              "partNumber=0&uploadId=x", "partNumber=99999999999&uploadId=x",
              "partNumber=-1&uploadId=x", "list-type=2&max-keys=-5", "max-keys=99999999999999999",
              "list-type=3", "delete", "uploads&prefix=%", "versionId=", "response-content-type=%0D%0A",
              "continuation-token=%%%", "start-after=%FF", "encoding-type=url&delimiter=",
              "uploadId=&partNumber=", "max-uploads=0&uploads=", "part-number-marker=-1&uploadId=x"};
          request.query = mutator_.Pick(kQueries);
          break;
        }
        case 5:
          request.method = mutator_.Pick(std::vector<std::string>{"GET", "PUT", "POST", "DELETE",
                                                                  "HEAD", "PATCH", "OPTIONS"});
          break;
        case 6:
          request.body = mutator_.Pick(std::vector<std::string>{
              "<Delete>" + std::string(3000, '<') + "</Delete>",
              "<CompleteMultipartUpload><Part><PartNumber>-1</PartNumber></Part>"
              "</CompleteMultipartUpload>",
              "<CompleteMultipartUpload><Part><PartNumber>99999999999999999999</PartNumber>"
              "<ETag></ETag></Part></CompleteMultipartUpload>",
              "<CompleteMultipartUpload/>", "<Delete><Object/></Delete>",
              "<!DOCTYPE x [<!ENTITY e \"e\">]><Delete><Object><Key>&e;</Key></Object></Delete>",
              "", "\xff\xfe<x/>"});
          break;
        default:
          if (!request.headers.empty()) {
            request.headers[mutator_.Below(request.headers.size())].second =
                mutator_.Pick(std::vector<std::string>{"", "bytes=9-1", "bytes=0-", "/",
                                                       "/nobucket", "/" + bucket + "/%zz",
                                                       "COPY", "GLACIER"});
          }
          break;
      }
    }
    return request;
  }

  std::string CreateFunctionBody(const std::string& name, const std::string& zip) {
    json::object body;
    body["FunctionName"] = name;
    body["Runtime"] = "provided.al2";
    body["Handler"] = "handler";
    body["Role"] = "arn:aws:iam::000000000000:role/fz-role";
    body["Timeout"] = 3;
    body["MemorySize"] = 128;
    body["Code"] = json::object{{"ZipFile", util::Base64Encode(zip)}};
    body["Environment"] = json::object{{"Variables", json::object{{"A", "b"}}}};
    return jsonutil::Compact(body);
  }

  Request Lambda(bool mutate) {
    Request request;
    request.service = "lambda";
    request.protocol = Protocol::kLambda;
    const std::string name = mutator_.Pick(std::vector<std::string>{"fz-fn", "fz-none", "fz-x"});
    switch (mutator_.Below(7)) {
      case 0:
      case 1:
      case 2:
        request.what = "lambda:Invoke";
        request.method = "POST";
        request.path = "/2015-03-31/functions/" + name + "/invocations";
        request.body = R"({"hello":"fuzz","n":[1,2,3]})";
        if (mutate) {
          auto parsed = jsonutil::Parse(request.body);
          request.body = mutator_.MutateJsonText(*parsed);
          if (mutator_.Chance(25)) {
            request.headers.emplace_back(
                "X-Amz-Invocation-Type",
                mutator_.Pick(std::vector<std::string>{"Event", "DryRun", "Bogus", ""}));
          }
          if (mutator_.Chance(15)) {
            request.query = mutator_.Pick(std::vector<std::string>{
                "Qualifier=%24LATEST", "Qualifier=", "Qualifier=%zz", "Qualifier=1"});
          }
          if (mutator_.Chance(10)) request.headers.emplace_back("X-Amz-Log-Type", "Tail");
          if (mutator_.Chance(10)) {
            request.headers.emplace_back("X-Amz-Client-Context", mutator_.Pick(
                std::vector<std::string>{"%%%", "e30=", "!!!", std::string(4000, 'A')}));
          }
        }
        return request;
      case 3:
        request.what = "lambda:CreateFunction";
        request.method = "POST";
        request.path = "/2015-03-31/functions";
        request.headers = {{"Content-Type", "application/json"}};
        {
          // Never a valid zip here: a garbage one, or a valid zip without
          // a bootstrap, so no long-running process starts.
          std::string zip = mutator_.Chance(50) ? mutator_.Garble(std::string(40, 'z'))
                                                : *util::BuildZip({{"readme", "no bootstrap", 0644}});
          auto parsed = jsonutil::Parse(CreateFunctionBody("fz-new-" + std::to_string(mutator_.Below(3)),
                                                           zip));
          request.body = mutate ? mutator_.MutateJsonText(*parsed) : jsonutil::Compact(*parsed);
        }
        return request;
      case 4:
        request.what = "lambda:UpdateFunctionConfiguration";
        request.method = "PUT";
        request.path = "/2015-03-31/functions/" + name + "/configuration";
        request.body = R"({"Timeout":3,"MemorySize":128,"Environment":{"Variables":{"X":"y"}}})";
        if (mutate) request.body = mutator_.MutateJsonText(*jsonutil::Parse(request.body));
        return request;
      case 5:
        request.what = "lambda:Concurrency";
        request.method = "PUT";
        request.path = "/2017-10-31/functions/" + name + "/concurrency";
        request.body = R"({"ReservedConcurrentExecutions":2})";
        if (mutate) request.body = mutator_.MutateJsonText(*jsonutil::Parse(request.body));
        return request;
      default:
        request.what = "lambda:Get";
        request.method = "GET";
        request.path = mutator_.Pick(std::vector<std::string>{
            "/2015-03-31/functions", "/2015-03-31/functions/" + name,
            "/2015-03-31/functions/" + name + "/configuration",
            "/2019-09-30/functions/" + name + "/concurrency",
            "/2015-03-31/functions/%zz", "/2015-03-31/functions/" + std::string(200, 'n'),
            "/2015-03-31/functions/a%2Fb/invocations", "/2015-03-31/functions//"});
        if (mutate) {
          request.query = mutator_.Pick(std::vector<std::string>{
              "", "MaxItems=-1", "MaxItems=99999999999999999999", "Marker=%%%",
              "Marker=abc&MaxItems=0", "MaxItems=x", "FunctionVersion=ALL", "Qualifier=%FF"});
        }
        return request;
    }
  }

  static Request S3Request(std::string method, std::string path, std::string query,
                           std::string what) {
    Request request;
    request.service = "s3";
    request.protocol = Protocol::kS3;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    request.what = std::move(what);
    return request;
  }

  // Every stack settles (no *_IN_PROGRESS) within `limit`.
  bool StacksSettle(std::chrono::seconds limit) {
    const Clock::time_point deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      aws::HttpResponse response = Send(Query(
          "cloudformation", {{"Action", "DescribeStacks"}, {"Version", "2010-05-15"}}, false));
      // REVIEW_IN_PROGRESS (a stack made by a CREATE change set) waits
      // for its change set to be executed: it is settled.
      std::size_t busy = 0;
      for (std::size_t at = response.body.find("_IN_PROGRESS<"); at != std::string::npos;
           at = response.body.find("_IN_PROGRESS<", at + 1)) {
        if (at < 6 || response.body.compare(at - 6, 6, "REVIEW") != 0) ++busy;
      }
      if (response.status == 200 && busy == 0) return true;
      last_unsettled_ = response.body;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  TempDir dir_;
  std::unique_ptr<LocalCloud> cloud_;
  std::shared_ptr<aws::HttpTransport> transport_;
  aws::Credentials credentials_;
  Mutator mutator_{EnvNumber("SPARTA_FUZZ_SEED", kDefaultSeed)};
  std::vector<std::string> failures_;
  std::string upload_id_;
  std::string last_unsettled_;
  int fresh_stacks_ = 0;
  int sent_ = 0;
  int statuses_[10] = {};
  Clock::duration slowest_{};
  std::string slowest_what_;
};

TEST_F(LocalCloudFuzzTest, MutatedSignedRequestsGetWellFormedAnswersAndTheServerSurvives) {
  const Clock::time_point start = Clock::now();
  const int count = static_cast<int>(EnvNumber("SPARTA_FUZZ_COUNT", kDefaultCount));

  // Valid state for the mutations to work against: buckets, a role, a
  // stack, a multipart upload and (when the test bootstrap is built) one
  // real function.
  for (const char* bucket : {"/fz-bucket", "/fz-other"}) {
    Request create = S3Request("PUT", bucket, "", "setup:CreateBucket");
    EXPECT_EQ(Send(create).status, 200);
  }
  {
    Request upload = S3Request("POST", "/fz-bucket/k", "uploads=", "setup:Multipart");
    aws::HttpResponse response = Send(upload);
    pugi::xml_document doc;
    doc.load_buffer(response.body.data(), response.body.size());
    upload_id_ = doc.document_element().child("UploadId").text().get();
    EXPECT_FALSE(upload_id_.empty()) << response.body;
  }
  EXPECT_EQ(Send(Query("cloudformation",
                       {{"Action", "CreateStack"}, {"Version", "2010-05-15"},
                        {"StackName", "fz-a"}, {"TemplateBody", kTemplates[1]}},
                       false))
                .status,
            200);
#ifdef LAMBDA_TEST_BOOTSTRAP
  {
    // The function's role comes from a stack (IAM's own API is read-only).
    const std::string role_template =
        R"({"Resources":{"Role":{"Type":"AWS::IAM::Role","Properties":{"RoleName":"fz-role",)"
        R"("AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
        R"("Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}}}}})";
    EXPECT_EQ(Send(Query("cloudformation",
                         {{"Action", "CreateStack"}, {"Version", "2010-05-15"},
                          {"StackName", "fz-role-stack"}, {"TemplateBody", role_template},
                          {"Capabilities.member.1", "CAPABILITY_NAMED_IAM"}},
                         false))
                  .status,
              200);
    EXPECT_TRUE(StacksSettle(std::chrono::seconds(10))) << last_unsettled_;
    std::ifstream in(LAMBDA_TEST_BOOTSTRAP, std::ios::binary);
    std::string program((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto zip = util::BuildZip({{"bootstrap", program, 0755}});
    ASSERT_TRUE(zip.ok());
    Request create;
    create.service = "lambda";
    create.protocol = Protocol::kLambda;
    create.path = "/2015-03-31/functions";
    create.headers = {{"Content-Type", "application/json"}};
    create.body = CreateFunctionBody("fz-fn", *zip);
    create.what = "setup:CreateFunction";
    aws::HttpResponse response = Send(create);
    EXPECT_EQ(response.status, 201) << response.body;
  }
#endif

  for (int i = 0; i < count; ++i) {
    const bool mutate = !mutator_.Chance(15);  // some valid requests keep state moving
    const std::size_t service = mutator_.Below(100);
    Request request = service < 40   ? CloudFormation(mutate)
                      : service < 70 ? S3(mutate)
                      : service < 85 ? Lambda(mutate)
                                     : IamOrSts(mutate);
    request.what = "#" + std::to_string(i) + " " + request.what;
    Send(request);
    if (i % 300 == 299) {
      EXPECT_TRUE(StacksSettle(std::chrono::seconds(10))) << "at request " << i << ": "
                                                          << last_unsettled_;
    }
  }

  // Background stack operations run to completion, then the server still
  // answers valid calls.
  EXPECT_TRUE(StacksSettle(std::chrono::seconds(15))) << last_unsettled_;
  aws::HttpResponse identity =
      Send(Query("sts", {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}}, false));
  EXPECT_EQ(identity.status, 200) << identity.body;
  EXPECT_NE(identity.body.find("<Account>000000000000</Account>"), std::string::npos);
  aws::HttpResponse stacks = Send(Query(
      "cloudformation", {{"Action", "DescribeStacks"}, {"Version", "2010-05-15"}}, false));
  EXPECT_EQ(stacks.status, 200) << stacks.body;
  if (std::getenv("SPARTA_FUZZ_VERBOSE") != nullptr) std::cout << stacks.body << '\n';

  const auto seconds =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count() / 1000.0;
  std::cout << "fuzz: " << sent_ << " requests in " << seconds << " s; 2xx " << statuses_[2]
            << ", 3xx " << statuses_[3] << ", 4xx " << statuses_[4] << ", 5xx " << statuses_[5]
            << "; slowest "
            << std::chrono::duration_cast<std::chrono::milliseconds>(slowest_).count() << " ms ("
            << slowest_what_ << ")\n";
  for (std::size_t i = 0; i < failures_.size() && i < 30; ++i) {
    ADD_FAILURE() << failures_[i];
  }
  EXPECT_TRUE(failures_.empty()) << failures_.size() << " contract breaches";
}

}  // namespace
}  // namespace sparta::local_cloud
