#pragma once
// The verbs of a service program. Each parses nothing: main.cpp owns the
// flags and hands each verb its options. Each returns a process exit code.

#include <filesystem>
#include <string>

#include "sparta/service/service.hpp"

namespace sparta::cli {

struct BuildOptions {
  std::filesystem::path output_dir = ".sparta";
  std::filesystem::path bootstrap;  // empty: the twin next to this program
  bool json_output = false;
};
int RunBuild(const Service& service, const BuildOptions& options);

struct InvokeOptions {
  std::string function;
  std::string event_path;  // empty: "{}"; "-": stdin
  std::filesystem::path bootstrap;
  bool json_output = false;
};
int RunInvoke(const Service& service, const InvokeOptions& options);

}  // namespace sparta::cli
