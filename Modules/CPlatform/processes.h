// The process and the programs it starts: environment, process id, spawning and waiting (tests).
#ifndef SINETUI_CSYSTEM_PROCESSES_H
#define SINETUI_CSYSTEM_PROCESSES_H

#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/// Whether a status from `waitpid` says the child exited, and with which code (else -1).
static inline int sinetui_exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

/// The signal that ended the child, per a status from `waitpid`, or 0 when none did.
static inline int sinetui_terminating_signal(int status) {
  return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

#endif
