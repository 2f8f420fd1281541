# Compile-failure check, run by CTest:
#   cmake -DCXX=<compiler> -DSOURCE=<file.cpp> -DINCLUDE=<dir> -P expect_compile_error.cmake
# SOURCE must compile as it is (the control), and must fail to compile with
# -DSPARTA_BREAK with a message matching the regular expression on its
# `// EXPECT: <regex>` line. Both halves, so a case cannot pass because of
# an unrelated error.
file(STRINGS "${SOURCE}" expect_line REGEX "^// EXPECT: ")
string(REGEX REPLACE "^// EXPECT: " "" expect "${expect_line}")
if(expect STREQUAL "")
  message(FATAL_ERROR "${SOURCE} has no // EXPECT: line")
endif()
set(flags -std=c++20 -fsyntax-only -I${INCLUDE})
execute_process(COMMAND ${CXX} ${flags} ${SOURCE} RESULT_VARIABLE control ERROR_VARIABLE control_err)
if(NOT control EQUAL 0)
  message(FATAL_ERROR "the control (without SPARTA_BREAK) does not compile:\n${control_err}")
endif()
execute_process(COMMAND ${CXX} ${flags} -DSPARTA_BREAK ${SOURCE} RESULT_VARIABLE broken
                ERROR_VARIABLE broken_err)
if(broken EQUAL 0)
  message(FATAL_ERROR "compiled with SPARTA_BREAK; it must not")
endif()
if(NOT broken_err MATCHES "${expect}")
  message(FATAL_ERROR "failed to compile, but without a message matching '${expect}':\n${broken_err}")
endif()
message(STATUS "fails to compile as expected: matched '${expect}'")
