import SineDiagnosis
import SineFormats
import SineUI

extension Watch {
  /// The session and the feed that replay the trace at `path`, after diagnosing it whole; a bad
  /// trace gets its line on standard error and ends the command with its exit status.
  static func replay(_ path: String) throws -> (Session, TraceFeed) {
    let diagnosis: Diagnosis
    do {
      diagnosis = try TraceFile.diagnose(path: path, tolerance: TraceDiagnoser.defaultTolerance)
    } catch {
      throw error.reported()
    }
    guard let feed = TraceFeed(path: path), let header = feed.header else {
      throw InputProblem(
        message: "sinetui: cannot replay the trace \(QuotedText.quoted(path)): it cannot be read",
        status: .noInput
      ).reported()
    }
    let session = Session(
      replaying: header, samples: feed.peekSamples(Replay.sampleCount),
      verdict: diagnosis.verdict.label, isCorrect: diagnosis.verdict.followsCorrectGradient)
    return (session, feed)
  }
}
