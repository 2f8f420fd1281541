#include "runtime/crash_handler.hpp"

#include <execinfo.h>
#include <link.h>
#include <signal.h>
#include <ucontext.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/symbolizer.hpp"

// libstdc++'s allocation-free demangler (__cxa_demangle mallocs, which a
// crash inside malloc would deadlock on): it writes the name through the
// callback and uses only the stack. Only libstdc++.a exports it, so the
// reference is weak: a static program (every Lambda bootstrap) has it, since
// its object also defines __cxa_demangle, which the runtime uses; a
// dynamically linked program does not, and prints mangled names.
// Returns 0 on success.
extern "C" int __gcclibcxx_demangle_callback(const char* mangled,
                                             void (*callback)(const char*, size_t, void*),
                                             void* opaque) __attribute__((weak));

namespace sparta::runtime::internal {
namespace {

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
// Room for the demangler, whose work arrays grow with the name's length
// (about 72 bytes a character): names up to kMaxDemangledInput characters
// fit with margin. In .bss: costs nothing until a crash touches it.
constexpr size_t kAltStackSize = 256 * 1024;
constexpr size_t kMaxDemangledInput = 1024;
constexpr int kMaxFrames = 64;

alignas(16) char alt_stack[kAltStackSize];  // .bss: costs nothing until a crash
char request_id[128];
volatile sig_atomic_t request_id_length = 0;
bool installed = false;

// The program's own mapping, found at install time (dl_iterate_phdr takes a
// loader lock: not something to call inside a signal handler).
uintptr_t program_bias = 0;
uintptr_t program_start = 0;
uintptr_t program_end = 0;
bool program_is_dynamic = false;  // has PT_INTERP: linked against libc.so
ElfSymbols program_symbols;       // opened on the crash path only
bool program_symbols_opened = false;
volatile sig_atomic_t crash_signal = 0;
constexpr unsigned kWatchdogSeconds = 1;

int FindProgram(dl_phdr_info* info, size_t, void*) {
  program_bias = info->dlpi_addr;
  program_start = UINTPTR_MAX;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type == PT_INTERP) program_is_dynamic = true;
    if (ph.p_type != PT_LOAD) continue;
    uintptr_t start = info->dlpi_addr + ph.p_vaddr;
    if (start < program_start) program_start = start;
    if (start + ph.p_memsz > program_end) program_end = start + ph.p_memsz;
  }
  return 1;  // the program comes first; stop there
}

// Async-signal-safe output helpers: a fixed buffer flushed with write(2).
class Out {
 public:
  ~Out() { Flush(); }
  Out& Str(const char* s) { return Bytes(s, std::strlen(s)); }
  Out& Bytes(const char* s, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      if (len_ == sizeof buf_) Flush();
      buf_[len_++] = s[i];
    }
    return *this;
  }
  Out& Hex(uintptr_t v) {
    char tmp[2 + 2 * sizeof v];
    size_t n = 0;
    do {
      tmp[n++] = "0123456789abcdef"[v & 15];
      v >>= 4;
    } while (v != 0);
    Str("0x");
    while (n > 0) Bytes(&tmp[--n], 1);
    return *this;
  }
  Out& Dec(unsigned long v) {
    char tmp[24];
    size_t n = 0;
    do {
      tmp[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0) Bytes(&tmp[--n], 1);
    return *this;
  }
  void Flush() {
    size_t done = 0;
    while (done < len_) {
      ssize_t n = ::write(STDERR_FILENO, buf_ + done, len_ - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    len_ = 0;
  }

 private:
  char buf_[512];
  size_t len_ = 0;
};

// A demangled name, collected on the stack.
struct DemangledText {
  char text[2048];
  size_t length = 0;
  bool truncated = false;
};

void CollectPiece(const char* piece, size_t n, void* opaque) {
  auto* out = static_cast<DemangledText*>(opaque);
  size_t room = sizeof out->text - out->length;
  if (n > room) {
    n = room;
    out->truncated = true;
  }
  std::memcpy(out->text + out->length, piece, n);
  out->length += n;
}

// Writes `name` demangled when it is a mangled C++ name and the demangler
// is linked, as exception traces show it (symbolizer.cpp); else as it is.
void WriteSymbolName(Out& out, const char* name) {
  if (name[0] == '_' && name[1] == 'Z' && &__gcclibcxx_demangle_callback != nullptr &&
      std::strlen(name) <= kMaxDemangledInput) {
    DemangledText demangled;
    if (__gcclibcxx_demangle_callback(name, CollectPiece, &demangled) == 0 &&
        demangled.length > 0) {
      out.Bytes(demangled.text, demangled.length);
      if (demangled.truncated) out.Str("...");
      return;
    }
  }
  out.Str(name);
}

const char* SignalName(int sig) {
  switch (sig) {
    case SIGSEGV:
      return "SIGSEGV (segmentation fault)";
    case SIGBUS:
      return "SIGBUS (bus error)";
    case SIGFPE:
      return "SIGFPE (arithmetic exception)";
    case SIGILL:
      return "SIGILL (illegal instruction)";
    case SIGABRT:
      return "SIGABRT (aborted)";
    default:
      return "fatal signal";
  }
}

// The interrupted instruction's address: the one frame that is not a
// return address (so it must not be moved back into the previous call).
uintptr_t InterruptedPc(void* context) {
  if (context == nullptr) return 0;
  const auto* uc = static_cast<const ucontext_t*>(context);
#if defined(__x86_64__)
  return static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return static_cast<uintptr_t>(uc->uc_mcontext.pc);
#else
  (void)uc;
  return 0;
#endif
}

void DieBy(int sig) {
  struct sigaction dfl;
  std::memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  ::sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  ::raise(sig);
}

// Runs if writing the report hangs: the unwinder's first use calling malloc
// after a crash inside malloc, or stderr being a full pipe (so nothing is
// written here). The crash signal is blocked while its handler runs: unblock
// it so the process dies by it at once.
void OnWatchdog(int) {
  int sig = crash_signal;
  DieBy(sig);
  sigset_t set;
  ::sigemptyset(&set);
  ::sigaddset(&set, sig);
  ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  ::_exit(128 + sig);  // not reached: the unblocked signal kills the process
}

void OnFatalSignal(int sig, siginfo_t* info, void* context) {
  int saved_errno = errno;
  crash_signal = sig;
  struct sigaction watchdog;
  std::memset(&watchdog, 0, sizeof watchdog);
  watchdog.sa_handler = OnWatchdog;
  watchdog.sa_flags = SA_ONSTACK;
  ::sigemptyset(&watchdog.sa_mask);
  ::sigaction(SIGALRM, &watchdog, nullptr);
  ::alarm(kWatchdogSeconds);
  {
    Out out;
    out.Str("sparta: the runtime received ").Str(SignalName(sig));
    if (request_id_length > 0) {
      out.Str(" while serving request ").Bytes(request_id, static_cast<size_t>(request_id_length));
    }
    if ((sig == SIGSEGV || sig == SIGBUS) && info != nullptr) {
      out.Str(" at address ").Hex(reinterpret_cast<uintptr_t>(info->si_addr));
    }
    out.Str("\nStack trace (innermost first):\n").Flush();

    void* frames[kMaxFrames];
    int n = ::backtrace(frames, kMaxFrames);
    // mmap-based and allocation-free, so usable here.
    if (!program_symbols_opened) {
      program_symbols_opened = true;
      program_symbols.Open("/proc/self/exe");
    }
    uintptr_t pc = InterruptedPc(context);
    // Start at the interrupted instruction: the frames before it are this
    // handler and the kernel's signal trampoline.
    int first = 1;
    for (int i = 0; i < n && i < 4; ++i) {
      if (reinterpret_cast<uintptr_t>(frames[i]) == pc) first = i;
    }
    for (int i = first; i < n; ++i) {
      auto address = reinterpret_cast<uintptr_t>(frames[i]);
      // Return addresses may lie just past their call (at the next
      // function, after a noreturn call): look up the call itself.
      uintptr_t lookup = address == pc ? address : address - 1;
      out.Str("#").Dec(static_cast<unsigned long>(i - first)).Str(" ").Hex(address).Str(" ");
      if (lookup >= program_start && lookup < program_end) {
        ElfSymbols::Symbol symbol;
        if (program_symbols.Lookup(lookup - program_bias, &symbol)) {
          WriteSymbolName(out, symbol.name);
          out.Str("+").Hex(address - program_bias - symbol.address).Str("\n");
        } else {
          out.Str(program_invocation_short_name).Str("+").Hex(address - program_bias).Str("\n");
        }
      } else {
        out.Flush();
        ::backtrace_symbols_fd(&frames[i], 1, STDERR_FILENO);
      }
    }
  }
  // Die by the same signal: with the default action restored, the re-raised
  // signal (blocked while this handler runs) is delivered when it returns.
  DieBy(sig);
  errno = saved_errno;
}

}  // namespace

void InstallCrashHandlers() {
  if (!installed) {
    installed = true;
    ::dl_iterate_phdr(FindProgram, nullptr);
    // In a dynamic program backtrace()'s first call loads libgcc_s (dlopen,
    // malloc): done now, not in a signal handler. A static program skips it:
    // there the first unwind sorts every FDE of the binary (~0.3 ms, measured),
    // which would double the cold start; the watchdog covers a handler that
    // hangs in it.
    if (program_is_dynamic) {
      void* frame[1];
      (void)::backtrace(frame, 1);
    }
    struct sigaction action;
    std::memset(&action, 0, sizeof action);
    action.sa_sigaction = OnFatalSignal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    ::sigemptyset(&action.sa_mask);
    for (int sig : kSignals) ::sigaction(sig, &action, nullptr);
  }
  stack_t current;
  if (::sigaltstack(nullptr, &current) == 0 && (current.ss_flags & SS_DISABLE) != 0) {
    stack_t stack;
    stack.ss_sp = alt_stack;
    stack.ss_size = sizeof alt_stack;
    stack.ss_flags = 0;
    ::sigaltstack(&stack, nullptr);
  }
}

void SetCrashRequestId(std::string_view id) {
  size_t n = id.size() < sizeof request_id ? id.size() : sizeof request_id;
  request_id_length = 0;
  if (n > 0) std::memcpy(request_id, id.data(), n);
  request_id_length = static_cast<sig_atomic_t>(n);
}

}  // namespace sparta::runtime::internal
