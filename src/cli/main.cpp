// sparta::Main for the command-line program: parses the verbs and hands each
// to its implementation. Nothing else lives here.

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdlib>
#include <string>

#include "event_generator.hpp"
#include "output.hpp"
#include "sparta/main.hpp"
#include "sparta/runtime/runtime.hpp"
#include "verbs.hpp"

#ifndef SPARTA_VERSION
#define SPARTA_VERSION "0.0.0"
#endif

namespace sparta {
namespace {

// --output text|json: human lines (default) or one JSON document on stdout.
void AddOutputOption(CLI::App* verb, bool& json_output) {
  verb->add_option_function<std::string>(
          "--output", [&json_output](const std::string& v) { json_output = v == "json"; },
          "Output format: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
}

// --event <file|-> or --event-source <source>[:<kind>] --<key> <value> ...
void AddEventOptions(CLI::App* verb, cli::EventOptions& event) {
  verb->add_option("-e,--event", event.path, "JSON event file, or - to read stdin (default: {})");
  verb->add_option("--event-source", event.source,
                   "Generate a realistic event: <source>[:<kind>], then --<key> <value> pairs "
                   "(sources, kinds and keys below)");
  verb->allow_extras();  // the --<key> <value> pairs
  verb->footer("Event sources for --event-source (each key has a default):\n" +
               cli::EventSourcesHelp());
}

int RunExecute(const Service& service) {
  std::vector<runtime::NamedHandler> handlers;
  for (const Function& f : AllFunctions(service)) handlers.push_back({f.name, f.handler});
  return runtime::RunLambdaRuntime(handlers);
}

}  // namespace

int Main(int argc, char** argv, const Service& service) {
  // Inside Lambda the program is started with no arguments.
  const char* runtime_api = std::getenv("AWS_LAMBDA_RUNTIME_API");
  if (argc <= 1 && runtime_api != nullptr && *runtime_api != '\0') return RunExecute(service);

  CLI::App app{service.description.empty() ? service.name
                                           : service.name + ": " + service.description};
  app.name(argc > 0 ? std::filesystem::path(argv[0]).filename().string() : service.name);
  app.require_subcommand(0, 1);
  app.footer("Exit codes: 0 success, 1 the operation failed, 2 bad input (nothing was run).");

  cli::BuildOptions build_options;
  CLI::App* build = app.add_subcommand(
      "build", "Synthesize the CloudFormation template and package the Lambda artifact zip");
  build->add_option("-o,--output-dir", build_options.output_dir, "Directory to write into")
      ->capture_default_str();
  build->add_option("--bootstrap", build_options.bootstrap,
                    "Lambda bootstrap binary to package (default: <this program>-bootstrap)");
  AddOutputOption(build, build_options.json_output);

  cli::InvokeOptions invoke_options;
  CLI::App* invoke = app.add_subcommand(
      "invoke", "Run one function locally, exactly as Lambda would, and print its response");
  invoke->add_option("function", invoke_options.function, "The declared function name")
      ->required();
  AddEventOptions(invoke, invoke_options.event);
  invoke->add_option("--bootstrap", invoke_options.bootstrap,
                     "Lambda bootstrap binary to run (default: <this program>-bootstrap)");
  invoke->add_option("--stage", invoke_options.stage,
                     "Run it as the function of stack <service>-<stage> would run");
  AddOutputOption(invoke, invoke_options.json_output);

  cli::ProvisionOptions provision_options;
  CLI::App* provision = app.add_subcommand(
      "provision", "Build, upload to S3 and create or update the stack through a change set");
  cli::AddAwsOptions(provision, provision_options.aws);
  provision->add_option("--s3-bucket", provision_options.bucket,
                        "Artifact bucket (default: sparta-artifacts-<account>-<region>, "
                        "created when missing)");
  provision->add_option("--param", provision_options.parameters,
                        "Template parameter KEY=VALUE (repeatable)");
  provision->add_option("--tag", provision_options.tags, "Stack tag KEY=VALUE (repeatable)");
  provision->add_flag("--noop", provision_options.noop,
                      "Show what would be uploaded and changed; change nothing");
  provision->add_option("-o,--output-dir", provision_options.output_dir,
                        "Where the build writes the template and artifact")
      ->capture_default_str();
  provision->add_option("--bootstrap", provision_options.bootstrap,
                        "Lambda bootstrap binary to package (default: <this program>-bootstrap)");

  cli::DeleteOptions delete_options;
  CLI::App* remove = app.add_subcommand("delete", "Delete the stack and wait until it is gone");
  cli::AddAwsOptions(remove, delete_options.aws);
  remove->add_flag("--delete-artifacts", delete_options.delete_artifacts,
                   "Also delete the objects provision uploaded for this stack");

  cli::AwsOptions status_options;
  CLI::App* status = app.add_subcommand(
      "status", "Show the stack: status, parameters, outputs, resources, last events");
  cli::AddAwsOptions(status, status_options);

  cli::CallOptions call_options;
  CLI::App* call = app.add_subcommand(
      "call", "Invoke a deployed function through the Lambda Invoke API and print its response");
  call->add_option("function", call_options.function, "The declared function name")->required();
  AddEventOptions(call, call_options.event);
  call->add_flag("--async", call_options.async,
                 "Queue the event (InvocationType Event) instead of waiting for the result");
  call->add_flag("--logs", call_options.show_logs,
                 "Print the last 4 KB of the invocation's log on stderr");
  cli::AddAwsOptions(call, call_options.aws);

  CLI::App* execute = app.add_subcommand(
      "execute", "Serve the Lambda Runtime API at $AWS_LAMBDA_RUNTIME_API (what Lambda runs)");
  CLI::App* version = app.add_subcommand("version", "Print the Sparta C++ version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    cli::PrintError(std::string(e.what()) + " (run with --help for usage)");
    return cli::kExitUsage;
  }

  invoke_options.event.source_args = invoke->remaining();
  call_options.event.source_args = call->remaining();
  if (*build) return cli::RunBuild(service, build_options);
  if (*invoke) return cli::RunInvoke(service, invoke_options);
  if (*provision) return cli::RunProvision(service, provision_options);
  if (*remove) return cli::RunDelete(service, delete_options);
  if (*status) return cli::RunStatus(service, status_options);
  if (*call) return cli::RunCall(service, call_options);
  if (*execute) return RunExecute(service);
  if (*version) {
    fmt::print("Sparta C++ {}\nservice {}\n", SPARTA_VERSION, service.name);
    return cli::kExitOk;
  }
  fmt::print("{}", app.help());
  return cli::kExitUsage;
}

}  // namespace sparta
