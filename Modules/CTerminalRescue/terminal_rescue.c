#include "terminal_rescue.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <termios.h>
#include <unistd.h>

static const int fault_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT, SIGSYS};
#define FAULT_COUNT ((int)(sizeof fault_signals / sizeof fault_signals[0]))

static int terminal = -1;
static struct termios settings;
static char screen_bytes[256];
static size_t screen_byte_count;
static volatile sig_atomic_t armed;
static volatile int unsent_file = -1;
static volatile long long unsent_start;
static volatile long long unsent_end;
static volatile sig_atomic_t installed;
static struct sigaction previous[FAULT_COUNT];

int sinetui_rescue_save_settings(int descriptor) {
  if (tcgetattr(descriptor, &settings) != 0) return -1;
  terminal = descriptor;
  return 0;
}

int sinetui_rescue_restore_settings(void) {
  if (terminal < 0) return -1;
  int result;
  do {
    result = tcsetattr(terminal, TCSADRAIN, &settings);
  } while (result != 0 && errno == EINTR);
  return result;
}

void sinetui_rescue_set_bytes(const char *bytes, size_t count) {
  if (count > sizeof screen_bytes) count = sizeof screen_bytes;
  memcpy(screen_bytes, bytes, count);
  screen_byte_count = count;
}

void sinetui_rescue_set_unsent(int descriptor, long long start, long long end) {
  // The handler runs on this thread, between two of these stores at worst: none first, then
  // the range, then the file.
  unsent_end = 0;
  unsent_start = start;
  unsent_file = descriptor;
  unsent_end = end;
}

void sinetui_rescue_arm(void) { armed = terminal >= 0; }

void sinetui_rescue_disarm(void) { armed = 0; }

/// Writes all of `count` bytes at `bytes` to the terminal; 0 on success, -1 when it fails.
static int write_all(const char *bytes, size_t count) {
  size_t written = 0;
  while (written < count) {
    ssize_t done = write(terminal, bytes + written, count - written);
    if (done < 0 && errno == EINTR) continue;
    if (done <= 0) return -1;
    written += (size_t)done;
  }
  return 0;
}

/// Writes the rest of the frame the terminal had not taken, from where it is kept; -1 when the
/// terminal takes no more (what cannot be read is left out).
static int write_unsent(void) {
  char chunk[4096];
  long long offset = unsent_start;
  long long end = unsent_end;
  int file = unsent_file;
  while (file >= 0 && offset < end) {
    size_t wanted = end - offset < (long long)sizeof chunk ? (size_t)(end - offset) : sizeof chunk;
    ssize_t count = pread(file, chunk, wanted, (off_t)offset);
    if (count < 0 && errno == EINTR) continue;
    if (count <= 0) return 0;
    if (write_all(chunk, (size_t)count) != 0) return -1;
    offset += count;
  }
  return 0;
}

/// Puts the terminal back, with async-signal-safe calls only: the settings first, so that a
/// terminal that takes no more output still gets its modes back; then the rest of the last frame,
/// so that the screen's bytes follow whole sequences; then the bytes that leave the screen.
static void restore(void) {
  if (!armed) return;
  armed = 0;
  tcsetattr(terminal, TCSANOW, &settings);
  if (write_unsent() != 0) return;  // the terminal is gone
  write_all(screen_bytes, screen_byte_count);
}

static void handle_fault(int signal, siginfo_t *info, void *context) {
  int saved_errno = errno;
  restore();
  int index = 0;
  while (index < FAULT_COUNT && fault_signals[index] != signal) index++;
  if (index < FAULT_COUNT) {
    struct sigaction *before = &previous[index];
    if (before->sa_flags & SA_SIGINFO) {
      if (before->sa_sigaction) before->sa_sigaction(signal, info, context);
    } else if (before->sa_handler != SIG_DFL && before->sa_handler != SIG_IGN) {
      before->sa_handler(signal);
    }
  }
  // Still alive (the action before returned, or there was none): die of the signal. It is
  // blocked while this handler runs, so it arrives as the handler returns; a fault in the
  // program's own code would recur there anyway.
  struct sigaction fallback;
  memset(&fallback, 0, sizeof fallback);
  fallback.sa_handler = SIG_DFL;
  sigemptyset(&fallback.sa_mask);
  sigaction(signal, &fallback, NULL);
  raise(signal);
  errno = saved_errno;
}

/// Gives this thread an alternate signal stack when it has none (the Swift runtime makes one for
/// its crash reporter, unless that is switched off).
static int ensure_alternate_stack(void) {
  stack_t current;
  if (sigaltstack(NULL, &current) != 0) return -1;
  if (!(current.ss_flags & SS_DISABLE)) return 0;
  size_t size = 64 * 1024;
  void *memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) return -1;
  stack_t stack;
  memset(&stack, 0, sizeof stack);
  stack.ss_sp = memory;
  stack.ss_size = size;
  return sigaltstack(&stack, NULL);
}

int sinetui_rescue_install(void) {
  if (installed) return 0;
  if (ensure_alternate_stack() != 0) return -1;
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = handle_fault;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  // Nothing else runs while the terminal is put back, but another fault can still end it.
  sigfillset(&action.sa_mask);
  for (int index = 0; index < FAULT_COUNT; index++) sigdelset(&action.sa_mask, fault_signals[index]);
  for (int index = 0; index < FAULT_COUNT; index++) {
    if (sigaction(fault_signals[index], &action, &previous[index]) != 0) return -1;
  }
  sigset_t faults;
  sigemptyset(&faults);
  for (int index = 0; index < FAULT_COUNT; index++) sigaddset(&faults, fault_signals[index]);
  pthread_sigmask(SIG_UNBLOCK, &faults, NULL);
  installed = 1;
  return 0;
}
