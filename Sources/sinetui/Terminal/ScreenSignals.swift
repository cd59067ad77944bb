import CPlatform
import Synchronization

/// Set when SIGWINCH arrived: the window changed size.
private let resizePending = Atomic<Bool>(false)
/// Set when SIGTSTP arrived: something asked the view to stop (`kill -TSTP`; Ctrl-Z itself comes
/// as a key, the terminal being in raw mode).
private let suspendPending = Atomic<Bool>(false)
/// Set when SIGCONT arrived: the process was stopped and has been continued, by whatever means.
private let continuePending = Atomic<Bool>(false)
/// Whether SIGTSTP was not ignored when the view started.
private let suspendAllowed = Atomic<Bool>(false)

/// The signals about the screen and the job, as flags the loop polls: the window was resized,
/// a stop was asked for, the process was continued.
///
/// Installed before curses starts, so that curses installs none of its own (it does so only where
/// a signal has no handler yet): the view reads the size, stops and comes back by itself, and
/// only ever in the loop.
enum ScreenSignals {
  /// Whether the view may stop itself: SIGTSTP was not ignored when it started (a shell without
  /// job control ignores it, and there nothing could continue the view).
  static var canSuspend: Bool { suspendAllowed.load(ordering: .relaxed) }

  /// Installs the flag-setting handlers, and unblocks their signals.
  static func install() {
    // Initialise the flags here: a global's first use runs its initialiser, which a signal
    // handler must never be the one to do.
    resizePending.store(false, ordering: .relaxed)
    suspendPending.store(false, ordering: .relaxed)
    continuePending.store(false, ordering: .relaxed)
    sinetui_catch_signal(SIGWINCH) { _ in resizePending.store(true, ordering: .relaxed) }
    sinetui_catch_signal(SIGCONT) { _ in continuePending.store(true, ordering: .relaxed) }
    suspendAllowed.store(sinetui_is_ignored(SIGTSTP) == 0, ordering: .relaxed)
    if canSuspend {
      sinetui_catch_signal(SIGTSTP) { _ in suspendPending.store(true, ordering: .relaxed) }
    }
    for signal in [SIGWINCH, SIGCONT, SIGTSTP] { sinetui_unblock_signal(signal) }
  }

  /// Whether the window was resized since the last call; clears the flag.
  static func takeResize() -> Bool {
    resizePending.exchange(false, ordering: .relaxed)
  }

  /// Whether a stop was asked for since the last call; clears the flag.
  static func takeSuspend() -> Bool {
    suspendPending.exchange(false, ordering: .relaxed)
  }

  /// Whether the process was continued since the last call; clears the flag.
  static func takeContinue() -> Bool {
    continuePending.exchange(false, ordering: .relaxed)
  }
}
