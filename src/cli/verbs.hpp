#pragma once
// The verbs of a service program. Each parses nothing: main.cpp owns the
// flags and hands each verb its options. Each returns a process exit code.

#include <filesystem>
#include <string>
#include <vector>

#include "aws_options.hpp"
#include "sparta/service/service.hpp"

namespace sparta::cli {

struct BuildOptions {
  std::filesystem::path output_dir = ".sparta";
  std::filesystem::path bootstrap;  // empty: the twin next to this program
  bool json_output = false;
};
int RunBuild(const Service& service, const BuildOptions& options);

/// Where an invocation's event comes from: `--event <file | ->`, or
/// `--event-source <source>[:<kind>]` followed by `--<key> <value>` pairs
/// (cli/event_generator.hpp); neither: "{}".
struct EventOptions {
  std::string path;  // "-": stdin
  std::string source;
  std::vector<std::string> source_args;
};

struct InvokeOptions {
  std::string function;
  EventOptions event;
  std::filesystem::path bootstrap;
  std::string stage;  // names the function <service>-<stage>-<name>, as deployed
  bool json_output = false;
};
int RunInvoke(const Service& service, const InvokeOptions& options);

struct ProvisionOptions {
  AwsOptions aws;
  std::string bucket;                   // --s3-bucket; empty: the default bucket
  std::vector<std::string> parameters;  // --param K=V
  std::vector<std::string> tags;        // --tag K=V
  bool noop = false;
  std::filesystem::path output_dir = ".sparta";
  std::filesystem::path bootstrap;
};
int RunProvision(const Service& service, const ProvisionOptions& options);

struct DeleteOptions {
  AwsOptions aws;
  bool delete_artifacts = false;
};
int RunDelete(const Service& service, const DeleteOptions& options);

int RunStatus(const Service& service, const AwsOptions& options);

struct CallOptions {
  AwsOptions aws;
  std::string function;  // the declared name
  EventOptions event;
  bool async = false;      // InvocationType Event: queue it, do not wait
  bool show_logs = false;  // print the invocation's log tail on stderr
};
int RunCall(const Service& service, const CallOptions& options);

}  // namespace sparta::cli
