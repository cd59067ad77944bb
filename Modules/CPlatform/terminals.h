// Terminals: waiting for input, reading a terminal's size.
#ifndef SINETUI_CSYSTEM_TERMINALS_H
#define SINETUI_CSYSTEM_TERMINALS_H

#include <errno.h>
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
