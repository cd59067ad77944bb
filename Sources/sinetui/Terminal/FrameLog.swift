import CPlatform

/// Once a second, a line of how the live view is keeping up, for the soak script: seconds since
/// the view opened, frames drawn per second over the last second or so (to one decimal), and
/// steps taken in all.
///
/// Switched on by naming a file in the `SINETUI_FRAME_LOG` environment variable. It is a
/// measuring aid: a write that fails is dropped rather than disturbing the view.
struct FrameLog {
  private let output: DescriptorOutput
  private let clock = ContinuousClock()
  private let start: ContinuousClock.Instant
  private var secondStart: ContinuousClock.Instant
  private var frames = 0

  /// The log named by `SINETUI_FRAME_LOG`, created or truncated; nil when the variable is unset or
  /// the file cannot be opened.
  static func fromEnvironment() -> FrameLog? {
    guard let path = getenv("SINETUI_FRAME_LOG"), path.pointee != 0 else { return nil }
    guard let descriptor = try? OutputFile.open(String(cString: path)) else { return nil }
    return FrameLog(output: DescriptorOutput(descriptor: descriptor))
  }

  private init(output: DescriptorOutput) {
    self.output = output
    start = clock.now
    secondStart = start
  }

  /// Counts a frame drawn, after writing the line for the second that ended, if one did.
  mutating func frameDrawn(steps: Int) {
    let now = clock.now
    if now - secondStart >= .seconds(1) {
      let seconds = Int((now - start).components.seconds)
      let tenthsPerSecond = (Double(frames * 10) / (now - secondStart).inSeconds).rounded()
      let rate = "\(Int(tenthsPerSecond) / 10).\(Int(tenthsPerSecond) % 10)"
      try? output.write("\(seconds) \(rate) \(steps)\n")
      frames = 0
      secondStart = now
    }
    frames += 1
  }
}
