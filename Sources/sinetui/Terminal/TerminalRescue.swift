import CTerminalRescue

/// The terminal put back when a fault (a trap, a bad access) ends the process, before it dies.
///
/// The fault's handler is C (``CTerminalRescue``): it may only make async-signal-safe calls, so
/// what it restores is prepared here beforehand. ``Terminal`` saves the settings before curses
/// changes them, hands over the bytes that leave curses' screen, and arms the rescue while curses
/// owns the terminal; ``FrameOutput`` keeps it told where the rest of a frame the terminal has
/// not taken yet is.
enum TerminalRescue {
  /// Installs the fault handler and saves the settings of the terminal on `descriptor` as they
  /// are now, before curses changes them.
  static func prepare(descriptor: Int32) {
    sinetui_rescue_install()
    sinetui_rescue_save_settings(descriptor)
  }

  /// Puts back the terminal settings saved by ``prepare(descriptor:)``, once what was written has
  /// gone: how ``Terminal`` sets the shell's modes again where curses' own attempt went to its
  /// memory file.
  static func restoreSettings() {
    sinetui_rescue_restore_settings()
  }

  /// Arms the rescue with the terminal capabilities that leave curses' screen (attributes off,
  /// cursor shown, alternate screen left), their padding removed.
  static func arm(leaving capabilities: String) {
    let bytes = Array(withoutPadding(capabilities).utf8)
    bytes.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { characters in
        if let base = characters.baseAddress { sinetui_rescue_set_bytes(base, characters.count) }
      }
    }
    arm()
  }

  /// Arms the rescue again, with the bytes it has.
  static func arm() {
    sinetui_rescue_arm()
  }

  /// Tells the rescue where the bytes the terminal has not taken yet are.
  ///
  /// `file` holds them from offset `start` to `end`. The rescue writes them first, so that the
  /// bytes that leave the screen never land inside a half-sent sequence.
  static func setUnsent(file: Int32, from start: Int, to end: Int) {
    sinetui_rescue_set_unsent(file, Int64(start), Int64(end))
  }

  /// Disarms the rescue: curses has put the terminal back, or is about to stop the process.
  static func disarm() {
    sinetui_rescue_disarm()
  }

  /// `capability` without its padding (`$<5>`, `$<2*/>`), which only a slow terminal needs and
  /// which is no part of what the terminal is sent.
  static func withoutPadding(_ capability: String) -> String {
    var result = ""
    var rest = Substring(capability)
    while let start = rest.firstRange(of: "$<") {
      guard let end = rest[start.upperBound...].firstIndex(of: ">") else { break }
      result += rest[..<start.lowerBound]
      rest = rest[rest.index(after: end)...]
    }
    return result + rest
  }
}
