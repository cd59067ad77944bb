// Terminals: waiting for input or for room to write, reading a terminal's size, opening a
// terminal again without waiting.
#ifndef SINETUI_CSYSTEM_TERMINALS_H
#define SINETUI_CSYSTEM_TERMINALS_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

/// What waiting on a terminal found.
typedef enum {
  /// Nothing within the time.
  sinetui_wait_nothing = 0,
  /// Input can be read without waiting (bytes, or the end of the input, which the read tells).
  sinetui_wait_input = 1,
  /// A signal arrived while waiting.
  sinetui_wait_interrupted = 2,
  /// The terminal is gone: the output is hung up or in error, or a descriptor is not open.
  sinetui_wait_hung_up = 3,
} sinetui_wait_result;

/// Waits at most `milliseconds` (-1: without end) for input on `input`, watching `output` for a
/// hang-up as well.
static inline sinetui_wait_result sinetui_wait_for_input(int input, int output,
                                                         int milliseconds) {
  struct pollfd descriptors[2] = {{input, POLLIN, 0}, {output, 0, 0}};
  int ready = poll(descriptors, 2, milliseconds);
  if (ready < 0) return errno == EINTR ? sinetui_wait_interrupted : sinetui_wait_hung_up;
  if (ready == 0) return sinetui_wait_nothing;
  if (descriptors[1].revents & (POLLHUP | POLLERR | POLLNVAL)) return sinetui_wait_hung_up;
  if (descriptors[0].revents & POLLNVAL) return sinetui_wait_hung_up;
  if (descriptors[0].revents & (POLLIN | POLLHUP | POLLERR)) return sinetui_wait_input;
  return sinetui_wait_nothing;
}

/// Waits at most `milliseconds` (-1: without end) until `output` can take more bytes; 1 when it
/// can (or is gone, which the next write tells), 0 when the time passed, -1 when a signal cut the
/// wait short.
static inline int sinetui_wait_for_room(int output, int milliseconds) {
  struct pollfd descriptor = {output, POLLOUT, 0};
  int ready = poll(&descriptor, 1, milliseconds);
  if (ready < 0) return errno == EINTR ? -1 : 1;
  return ready > 0 ? 1 : 0;
}

/// The terminal on `descriptor` opened again, for writing without ever waiting (O_NONBLOCK), or
/// -1 (see errno) when it cannot be (no terminal, or one this user may not open).
///
/// A second open, not a `dup`: O_NONBLOCK belongs to the open file, and a duplicate would share
/// it with the shell and every program after this one.
static inline int sinetui_open_terminal_without_waiting(int descriptor) {
  const char *name = ttyname(descriptor);
  if (name == NULL) return -1;
  return open(name, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
}

/// The size in cells of the terminal on `descriptor`; 0 on success, -1 when it has none (or
/// says 0x0).
static inline int sinetui_window_size(int descriptor, int *_Nonnull rows,
                                      int *_Nonnull columns) {
  struct winsize size;
  if (ioctl(descriptor, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) {
    return -1;
  }
  *rows = size.ws_row;
  *columns = size.ws_col;
  return 0;
}

#endif
