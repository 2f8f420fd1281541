#pragma once
// Everything a service's main.cpp needs.

#include "sparta/main.hpp"
#include "sparta/runtime/context.hpp"
#include "sparta/runtime/discovery.hpp"
#include "sparta/runtime/function_error.hpp"
#include "sparta/runtime/handler.hpp"
#include "sparta/service/archetypes.hpp"
#include "sparta/service/function.hpp"
#include "sparta/service/iam.hpp"
#include "sparta/service/service.hpp"
