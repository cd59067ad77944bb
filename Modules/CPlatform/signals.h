// Signals: which ones end a process, catching them with a handler, ignoring them, unblocking
// them, and stopping as SIGTSTP does.
#ifndef SINETUI_CSYSTEM_SIGNALS_H
#define SINETUI_CSYSTEM_SIGNALS_H

#include <signal.h>
#include <string.h>
#include <unistd.h>

/// Makes `handler` the action for `signal`, with no flags and an empty mask; returns 0 on success.
///
/// `struct sigaction`'s handler member is a union whose name differs between C libraries; in C it
/// is reached by the portable macro `sa_handler`.
static inline int sinetui_catch_signal(int signal, void (*_Nonnull handler)(int)) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  return sigaction(signal, &action, NULL);
}

/// Ignores `signal` (SIGPIPE: a write to a closed pipe then fails with EPIPE instead).
static inline int sinetui_ignore_signal(int signal) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = SIG_IGN;
  sigemptyset(&action.sa_mask);
  return sigaction(signal, &action, NULL);
}

/// Unblocks `signal` in this thread's mask, which a parent may have left blocked.
static inline int sinetui_unblock_signal(int signal) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, signal);
  return sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/// The signals whose default action ends the process and that report no fault of the program
/// (those are SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT and SIGSYS), the real-time ones
/// included: fills `signals` with up to `capacity` of them and returns how many there are.
static inline int sinetui_termination_signals(int *_Nonnull signals, int capacity) {
  int all[128];
  int count = 0;
  all[count++] = SIGHUP;
  all[count++] = SIGINT;
  all[count++] = SIGQUIT;
  all[count++] = SIGUSR1;
  all[count++] = SIGUSR2;
  all[count++] = SIGPIPE;
  all[count++] = SIGALRM;
  all[count++] = SIGTERM;
  all[count++] = SIGXCPU;
  all[count++] = SIGXFSZ;
  all[count++] = SIGVTALRM;
  all[count++] = SIGPROF;
#ifdef SIGSTKFLT
  all[count++] = SIGSTKFLT;
#endif
#ifdef SIGPOLL
  all[count++] = SIGPOLL;
#endif
#ifdef SIGPWR
  all[count++] = SIGPWR;
#endif
#ifdef SIGEMT
  all[count++] = SIGEMT;
#endif
#ifdef SIGRTMIN
  for (int signal = SIGRTMIN; signal <= SIGRTMAX && count < 128; signal++) all[count++] = signal;
#endif
  for (int index = 0; index < count && index < capacity; index++) signals[index] = all[index];
  return count;
}

/// Whether `signal` is ignored: a parent's choice (nohup, `trap '' XFSZ`) that a program keeps.
static inline int sinetui_is_ignored(int signal) {
  struct sigaction action;
  if (sigaction(signal, NULL, &action) != 0) return 0;
  return !(action.sa_flags & SA_SIGINFO) && action.sa_handler == SIG_IGN;
}

/// Stops the process group as SIGTSTP's default action does (what the shell's job control
/// expects of Ctrl-Z), and returns once it is continued, or at once when the system discards the
/// stop (an orphaned process group). The handler for SIGTSTP is put back afterwards.
static inline void sinetui_stop_process_group(void) {
  struct sigaction stop;
  struct sigaction preserved;
  memset(&stop, 0, sizeof stop);
  stop.sa_handler = SIG_DFL;
  sigemptyset(&stop.sa_mask);
  sigaction(SIGTSTP, &stop, &preserved);
  sinetui_unblock_signal(SIGTSTP);
  kill(0, SIGTSTP);
  sigaction(SIGTSTP, &preserved, NULL);
}

#endif
