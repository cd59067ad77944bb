// The ncursesw surface sinetui uses, plus static inline accessors for what Swift cannot import:
// C globals (rejected by Swift 6 as shared mutable state) and function-like macros.
#ifndef SINETUI_CNCURSES_SHIM_H
#define SINETUI_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <langinfo.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

// MARK: - Globals

/// The standard screen window (the C global `stdscr`).
static inline WINDOW *_Nullable sinetui_stdscr(void) { return stdscr; }

/// The size of the standard screen, or 0x0 before curses starts.
static inline int sinetui_lines(void) { return stdscr ? getmaxy(stdscr) : 0; }
static inline int sinetui_cols(void) { return stdscr ? getmaxx(stdscr) : 0; }

// MARK: - Attribute macros

static inline attr_t sinetui_a_bold(void) { return A_BOLD; }
static inline attr_t sinetui_a_reverse(void) { return A_REVERSE; }
static inline attr_t sinetui_a_dim(void) { return A_DIM; }
static inline attr_t sinetui_a_normal(void) { return A_NORMAL; }

// MARK: - Starting and stopping

/// Starts curses on `descriptor` (the program's own duplicate of its standard output) and standard
/// input, for the terminal `TERM` names; `*stream` gets the stream curses was given, which closes
/// `descriptor` when closed after `delscreen`. Returns NULL (instead of exiting, as `initscr`
/// does) when `TERM` names no known terminal, and then has closed `descriptor` itself.
///
/// curses writes with write(2) on `descriptor`, never through the stream, and asks it for the
/// terminal's modes (tcgetattr, tcsetattr) and size (TIOCGWINSZ), so it must be the terminal
/// when curses starts, and whenever the modes change.
static inline SCREEN *_Nullable sinetui_newterm_on(int descriptor, FILE *_Nullable *_Nonnull stream) {
  *stream = fdopen(descriptor, "w");
  if (*stream == NULL) {
    close(descriptor);
    return NULL;
  }
  SCREEN *screen = newterm(NULL, *stream, stdin);
  if (screen == NULL) {
    fclose(*stream);
    *stream = NULL;
  }
  return screen;
}

/// What the terminal `TERM` names can do, looked up before curses writes anything:
/// 0 when it can draw a screen, 1 when `TERM` names no known terminal, 2 when the terminal cannot
/// move its cursor (`dumb`).
///
/// `leave` gets the capabilities that leave a curses screen (attributes off, the cursor shown,
/// the alternate screen left: sgr0, cnorm, rmcup) one after the other, padding and all, as a C
/// string of at most `capacity` bytes with its NUL.
static inline int sinetui_terminal_support(char *_Nonnull leave, size_t capacity) {
  int error = 0;
  if (capacity > 0) leave[0] = 0;
  if (setupterm(NULL, STDOUT_FILENO, &error) != OK) return 1;
  char *cup = tigetstr("cup");
  int status = (cup == NULL || cup == (char *)-1) ? 2 : 0;
  const char *names[] = {"sgr0", "cnorm", "rmcup"};
  size_t used = 0;
  for (size_t index = 0; index < sizeof names / sizeof names[0]; index++) {
    char *value = tigetstr(names[index]);
    if (value == NULL || value == (char *)-1) continue;
    size_t length = strlen(value);
    if (used + length + 1 > capacity) break;
    memcpy(leave + used, value, length + 1);
    used += length;
  }
  del_curterm(cur_term);
  return status;
}

/// Whether the terminal's description says the cursor wraps as soon as the last column is written
/// (`am` without `xenl`, as `TERM=ansi` says). Terminals that follow the VT100 and xterm keep the
/// cursor in the last column instead, so curses' next relative move would land a row too high.
static inline int sinetui_wraps_on_last_column(void) {
  return tigetflag("am") == 1 && tigetflag("xenl") != 1;
}

/// The colour pair `n` as attributes.
static inline attr_t sinetui_color_pair(short n) { return COLOR_PAIR(n); }

/// Whether the locale's character set is UTF-8.
static inline int sinetui_locale_is_utf8(void) {
  const char *codeset = nl_langinfo(CODESET);
  return codeset != NULL && strcmp(codeset, "UTF-8") == 0;
}

#endif
