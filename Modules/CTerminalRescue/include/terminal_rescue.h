// The last resort for the terminal: when a fault (a trap, a bad access) ends the process, put the
// terminal back as it was before the process dies.
//
// This runs inside a signal handler, where only async-signal-safe calls may be made, so it is C,
// with its own state: the terminal's settings saved before curses changed them, the bytes
// that leave curses' screen, worked out beforehand, and where the rest of a frame the terminal
// has not taken yet is. Everything else that ends the view (q, the
// termination signals, a hang-up) goes through the loop and curses' own endwin.
#ifndef SINETUI_TERMINAL_RESCUE_H
#define SINETUI_TERMINAL_RESCUE_H

#include <stddef.h>

/// Saves the settings of the terminal on `descriptor` as they are now, before curses changes
/// them, and the descriptor to restore them on; 0 on success, -1 when it is no terminal.
int sinetui_rescue_save_settings(int descriptor);

/// Puts back the settings saved by `sinetui_rescue_save_settings`, once the output written so far
/// has gone (TCSADRAIN); 0 on success. Not for the handler: for leaving the screen normally where
/// curses cannot set them itself.
int sinetui_rescue_restore_settings(void);

/// The bytes that put the screen back (plain attributes, the cursor shown, the alternate screen
/// left), written before the settings are restored; at most 256 are kept.
void sinetui_rescue_set_bytes(const char *_Nonnull bytes, size_t count);

/// Where the bytes the terminal has been given but has not taken yet are: the file `descriptor`
/// holds them from offset `start` to `end` (none when `end <= start`). The rescue writes them
/// before the bytes that leave the screen, so that it never cuts a sequence in two.
void sinetui_rescue_set_unsent(int descriptor, long long start, long long end);

/// While armed, a fault puts the terminal back before the process dies; disarmed, it does not
/// touch it (after curses has put it back itself, or while the process is stopped).
void sinetui_rescue_arm(void);
void sinetui_rescue_disarm(void);

/// Installs the handler for every fault signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP,
/// SIGABRT, SIGSYS) once, on an alternate stack so that a stack overflow can run it too.
///
/// The handler puts the terminal back when armed, then passes the signal on to the action that
/// was there before (the Swift runtime's crash reporter, which then prints on a sane terminal),
/// and finally dies of the signal by its default action. Returns 0 on success.
int sinetui_rescue_install(void);

#endif
