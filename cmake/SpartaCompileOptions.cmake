# Warning flags for Sparta's own targets. Users get them only if they opt in.
function(sparta_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  if(SPARTA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# A Sparta library: static, namespaced alias Sparta::<name>, public headers in include/.
function(sparta_add_library name)
  cmake_parse_arguments(ARG "SIZE_OPTIMIZED" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(sparta_${name} STATIC ${ARG_SOURCES})
  add_library(Sparta::${name} ALIAS sparta_${name})
  set_target_properties(sparta_${name} PROPERTIES EXPORT_NAME ${name} OUTPUT_NAME sparta_${name})
  target_include_directories(sparta_${name}
    PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include> $<INSTALL_INTERFACE:include>
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_compile_features(sparta_${name} PUBLIC cxx_std_20)
  # Sections per function so a static bootstrap keeps only what it calls.
  target_compile_options(sparta_${name} PRIVATE -ffunction-sections -fdata-sections)
  # SIZE_OPTIMIZED: code that a Lambda artifact carries but whose time is
  # spent waiting on the network (HTTP transport, AWS clients) is optimized
  # for size in release builds: the artifact is smaller, no call is slower
  # by anything measurable.
  if(ARG_SIZE_OPTIMIZED)
    target_compile_options(sparta_${name} PRIVATE $<$<CONFIG:Release>:-Os>)
  endif()
  target_link_libraries(sparta_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  sparta_target_warnings(sparta_${name})
  set_property(GLOBAL APPEND PROPERTY SPARTA_LIBRARIES sparta_${name})
endfunction()
