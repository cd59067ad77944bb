// Signals: catching them with a handler, ignoring them, unblocking them.
#ifndef SINETUI_CSYSTEM_SIGNALS_H
#define SINETUI_CSYSTEM_SIGNALS_H

#include <signal.h>
#include <string.h>

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

#endif
