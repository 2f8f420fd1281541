#pragma once
// Crash reporting: a stack trace on stderr when the process dies by a signal.

#include <string_view>

namespace sparta::runtime::internal {

/// Installs handlers for SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT that run
/// on an alternate signal stack (so stack overflows are reported too), write
/// the signal, the request being served and the stack (async-signal-safe:
/// addresses, plus raw symbol names when the program has a symbol table) to
/// stderr, then restore the default action and re-raise: the process still
/// dies *by that signal*, which Lambda reports as Runtime.ExitError naming it.
/// A 1 s watchdog (SIGALRM) makes it die by that signal even if writing the
/// report hangs. Cheap enough for the start-up path: a few syscalls, no file
/// reads, no unwinding in static programs.
/// Call it from code that is always linked. Idempotent; the alternate stack
/// is installed for the calling thread only.
void InstallCrashHandlers();

/// Records the request id the crash message names (empty: none).
/// Call from the loop's thread between invocations.
void SetCrashRequestId(std::string_view request_id);

}  // namespace sparta::runtime::internal
