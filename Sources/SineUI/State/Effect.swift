import SineFormats

/// What the outside world must do for the session after a command: the only way the pure session
/// asks for anything that touches files, the trace being replayed or the process.
public enum Effect: Sendable, Hashable {
  /// Write this snapshot to a new file; answer with ``Event/saved(_:)`` or
  /// ``Event/saveFailed(_:)``.
  case save(Snapshot)
  /// Read the replayed trace's next steps, at most this many; answer with ``Event/traced(_:)``,
  /// and ``Event/traceEnded`` when the trace has no more.
  case readTrace(steps: Int)
  /// Stop the process for the shell's job control, and draw the next frame whole once continued.
  case suspend
  /// Leave, for this reason.
  case exit(ExitReason)
}

/// Why the person asked to leave.
public enum ExitReason: Sendable, Hashable {
  /// `q` or Esc.
  case quit
  /// Ctrl-C.
  case interrupt
}
