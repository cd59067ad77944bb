import ArgumentParser
import SineNet
import SineUI

extension Watch {
  /// The samples shown as the plot's dots during a replay: the trace's first ones.
  static let replaySampleCount = 500

  /// The session and the feed that replay the trace at `path`, after diagnosing it whole; a bad
  /// trace gets its line on standard error and ends the command with its exit status.
  static func replay(_ path: String) throws -> (Session, TraceFeed) {
    let diagnosis: Diagnosis
    do {
      diagnosis = try TraceFile.diagnose(path: path, tolerance: TraceDiagnoser.defaultTolerance)
    } catch {
      try? DescriptorOutput.standardError.line(error.message)
      throw ExitCode(error.status)
    }
    guard let feed = TraceFeed(path: path), let start = feed.start else {
      try? DescriptorOutput.standardError.line(
        "sinetui: cannot replay the trace '\(path)': it cannot be read")
      throw ExitCode(66)
    }
    let samples = feed.peekSamples(replaySampleCount)
    // The view's range: the preset whose model and data the trace looks like.
    let preset: Preset =
      start.network.hasBiases
      ? .bias : samples.allSatisfy { $0.x < 1 } ? .tensorflow : .numpy
    let session = Session(
      replaying: start.network, eta: start.eta, preset: preset,
      dataset: Dataset(
        range: preset.range, samples: samples.isEmpty ? [Sample(x: 0, y: 0)] : samples),
      verdict: diagnosis.verdict.label, isCorrect: diagnosis.verdict.followsCorrectGradient)
    return (session, feed)
  }
}
