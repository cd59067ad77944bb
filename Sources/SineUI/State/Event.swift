import SineFormats

/// What happened outside the session that it must know of: how an ``Effect`` went, and what the
/// loop measured or read.
public enum Event: Sendable {
  /// The snapshot was saved under this file name.
  case saved(String)
  /// The snapshot could not be saved, for this reason (the C library's words).
  case saveFailed(String)
  /// The session's recording stopped: a write to it failed, for this reason (the C library's
  /// words).
  case recordingFailed(String)
  /// Training ran at this many steps per second over the last measuring window; 0 while idle.
  case measured(stepsPerSecond: Double)
  /// The replayed trace's next steps, in order.
  case traced(ArraySlice<TracedStep>)
  /// The replayed trace has no more steps.
  case traceEnded
}
