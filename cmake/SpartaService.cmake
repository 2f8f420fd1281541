# sparta_add_service(<target> SOURCES <src>... [LIBRARIES <lib>...])
#
# Builds a Sparta service from the user's sources as two programs:
#   <target>            the command-line program (build, invoke, execute, ...)
#   <target>-bootstrap  its runtime-only twin: the same handlers linked against
#                       the Lambda runtime alone; this is what `build` packages
#                       as the artifact's `bootstrap`. It is linked fully
#                       static when SPARTA_STATIC_BOOTSTRAP is ON (the default),
#                       so it runs on Amazon Linux 2 and 2023 alike.
# The user's sources are compiled once (an object library) for both.
function(sparta_add_service target)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "sparta_add_service(${target}): give the service's sources with SOURCES")
  endif()

  add_library(${target}_objects OBJECT ${ARG_SOURCES})
  # Sparta::events: the typed Lambda events handlers take (a static archive:
  # only what a handler uses is linked).
  target_link_libraries(${target}_objects PUBLIC Sparta::runtime Sparta::events ${ARG_LIBRARIES})
  target_compile_options(${target}_objects PRIVATE -ffunction-sections -fdata-sections)

  add_executable(${target} $<TARGET_OBJECTS:${target}_objects>)
  target_link_libraries(${target} PRIVATE ${target}_objects Sparta::cli ${ARG_LIBRARIES})
  # Exceptions thrown anywhere record their stack for error reports.
  target_link_options(${target} PRIVATE -Wl,--wrap=__cxa_throw)

  add_executable(${target}-bootstrap $<TARGET_OBJECTS:${target}_objects>)
  # Sparta::aws gives handlers FunctionSession and its clients; as a static
  # archive it adds nothing to a bootstrap whose handlers do not use them.
  target_link_libraries(${target}-bootstrap PRIVATE ${target}_objects Sparta::lambda_main
                                                    Sparta::aws ${ARG_LIBRARIES})
  target_link_options(${target}-bootstrap PRIVATE -Wl,--wrap=__cxa_throw -Wl,--gc-sections)
  if(SPARTA_STATIC_BOOTSTRAP)
    target_link_options(${target}-bootstrap PRIVATE -static)
  endif()
endfunction()
