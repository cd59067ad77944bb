import ArgumentParser
import CPlatform

/// Every status sinetui exits with, named once; the 64-74 ones are sysexits.h's.
struct ExitStatus: Hashable, Sendable {
  /// The number the process exits with.
  let code: Int32

  /// Everything went as asked.
  static let success = ExitStatus(code: 0)
  /// The view needs a terminal and has none (a pipe, `TERM` unset, unknown or `dumb`).
  static let notATerminal = ExitStatus(code: 1)
  /// `diagnose` found that the trace does not follow the correct gradient (or cannot tell).
  static let wrongGradient = ExitStatus(code: 1)
  /// The command line is wrong (EX_USAGE); ArgumentParser exits with it for a bad option.
  static let usage = ExitStatus(code: 64)
  /// An input file's contents are wrong (EX_DATAERR).
  static let dataError = ExitStatus(code: 65)
  /// An input file cannot be opened or read (EX_NOINPUT).
  static let noInput = ExitStatus(code: 66)
  /// An output cannot be written (EX_IOERR).
  static let ioError = ExitStatus(code: 74)

  /// The terminal went away without a SIGHUP (its input ended or failed): as for SIGHUP.
  static let hangUp = signal(SIGHUP)

  /// Ended by signal `number`: 128 + the number, as shells report it.
  static func signal(_ number: Int32) -> ExitStatus {
    ExitStatus(code: 128 + number)
  }

  /// The error that ends a command with this status.
  var exitCode: ExitCode { ExitCode(code) }
}
