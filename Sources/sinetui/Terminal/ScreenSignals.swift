import CPlatform
import Synchronization

/// Set when SIGWINCH arrived: the window changed size.
private let resizePending = Atomic<Bool>(false)

/// The signals about the screen itself, as flags the loop polls: the window was resized.
///
/// Installed before curses starts, so that ncurses installs none of its own (it does so only
/// where a signal has no handler yet): the view reads the size itself, and only ever in the loop.
enum ScreenSignals {
  /// Installs the flag-setting handlers, and unblocks their signals.
  static func install() {
    // Initialise the flag here: a global's first use runs its initialiser, which a signal handler
    // must never be the one to do.
    resizePending.store(false, ordering: .relaxed)
    sinetui_catch_signal(SIGWINCH) { _ in resizePending.store(true, ordering: .relaxed) }
    sinetui_unblock_signal(SIGWINCH)
  }

  /// Whether the window was resized since the last call; clears the flag.
  static func takeResize() -> Bool {
    resizePending.exchange(false, ordering: .relaxed)
  }
}
