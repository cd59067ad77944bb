import CPlatform
import Synchronization

/// The last termination signal that arrived, or 0.
///
/// The handler only stores it; the main loop polls it and leaves through its normal path, so the
/// terminal is always restored.
private let pendingSignal = Atomic<Int32>(0)

/// Turns every signal whose default action ends the process into a flag the main loop polls, so
/// that each ends the view through its normal path, exiting 128 + its number with the terminal
/// restored.
///
/// That is SIGHUP, SIGINT, SIGTERM and SIGQUIT (which the Swift runtime would otherwise take for
/// a crash), SIGPIPE, SIGALRM, the user and the real-time signals, and the rest of
/// ``handled``. The faults (SIGSEGV, SIGILL, SIGTRAP, ...) cannot go through the loop: the
/// terminal rescue puts the terminal back for them (``Terminal``). A signal ignored when sinetui
/// starts stays ignored: that is the choice of whoever started it (`nohup`, `trap '' XFSZ`).
enum TerminationSignals {
  /// The signals the view ends on, each exiting 128 + its number.
  static let handled: [Int32] = {
    var signals = [Int32](repeating: 0, count: 128)
    let count = Int(sinetui_termination_signals(&signals, Int32(signals.count)))
    return Array(signals.prefix(min(count, signals.count)))
  }()

  /// Installs the flag-setting handler for every handled signal that is not ignored, and
  /// unblocks them: a blocked mask is inherited from whoever started the process, and would
  /// leave the handler deaf.
  static func install() {
    // Initialise the flag here: a global's first use runs its initialiser, which a signal handler
    // must never be the one to do.
    pendingSignal.store(0, ordering: .relaxed)
    for signal in handled where sinetui_is_ignored(signal) == 0 {
      sinetui_catch_signal(signal) { number in
        pendingSignal.store(number, ordering: .relaxed)
      }
      sinetui_unblock_signal(signal)
    }
  }

  /// The signal that arrived, if any.
  static var pending: Int32? {
    let number = pendingSignal.load(ordering: .relaxed)
    return number == 0 ? nil : number
  }
}
