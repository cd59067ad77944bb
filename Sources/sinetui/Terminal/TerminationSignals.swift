import CPlatform
import Synchronization

/// The last of SIGINT, SIGTERM or SIGHUP that arrived, or 0.
///
/// The handler only stores it; the main
/// loop polls it and leaves through its normal path, so the terminal is always restored.
private let pendingSignal = Atomic<Int32>(0)

/// Turns the termination signals into a flag the main loop polls.
enum TerminationSignals {
  /// The signals the view ends on, each exiting 128 + its number.
  static let handled = [SIGINT, SIGTERM, SIGHUP]

  /// Installs the flag-setting handler for every handled signal, and unblocks them: a blocked
  /// mask is inherited from whoever started the process, and would leave the handler deaf.
  static func install() {
    // Initialise the flag here: a global's first use runs its initialiser, which a signal handler
    // must never be the one to do.
    pendingSignal.store(0, ordering: .relaxed)
    for signal in handled {
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
