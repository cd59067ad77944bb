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
    // The view's comparison trains sigmoid units on one sample per step; `diagnose` takes the
    // other traces.
    if let problem = replayProblem(header) {
      throw InputProblem(
        message: "sinetui: cannot replay the trace \(QuotedText.quoted(path)): line 1: \(problem)",
        status: .dataError
      ).reported()
    }
    let session = Session(
      replaying: header, samples: feed.peekSamples(Replay.sampleCount),
      verdict: diagnosis.label, isCorrect: diagnosis.verdict.followsCorrectGradient)
    return (session, feed)
  }

  /// Why the view cannot replay a trace with line 1 `header`, or nil: it replays sigmoid units on
  /// one sample per step.
  static func replayProblem(_ header: TraceHeader) -> String? {
    if header.activation != .sigmoid {
      return "activation is \(header.activation.rawValue); the replay follows sigmoid units only "
        + "(sinetui diagnose reads it)"
    }
    if header.batch != 1 {
      return "batch is \(header.batch); the replay follows one sample per step only (sinetui "
        + "diagnose reads it)"
    }
    return nil
  }
}
