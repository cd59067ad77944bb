import ArgumentParser
import SineDiagnosis
import SineFormats
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
      throw error.reported()
    }
    guard let feed = TraceFeed(path: path), let start = feed.header else {
      throw InputProblem(
        message: "sinetui: cannot replay the trace '\(path)': it cannot be read", status: 66
      ).reported()
    }
    let samples = feed.peekSamples(replaySampleCount)
    let (preset, range) = plotSetting(
      presetName: start.presetName, hasBiases: start.network.hasBiases, samples: samples)
    let session = Session(
      replaying: start.network, eta: start.eta, preset: preset,
      dataset: Dataset(range: range, samples: samples.isEmpty ? [Sample(x: 0, y: 0)] : samples),
      verdict: diagnosis.verdict.label, isCorrect: diagnosis.verdict.followsCorrectGradient)
    return (session, feed)
  }

  /// The preset a replay is shown as, and the x range of its samples.
  ///
  /// The preset is line 1's `preset` when it names one whose model (biases or not) the trace has;
  /// else the narrowest preset whose range holds every sample (`bias` with biases, else
  /// `tensorflow` or `numpy`), or `bias`/`numpy` when none does. The range is the preset's when it holds every
  /// sample, else the samples' own, from the least x to the greatest.
  static func plotSetting(presetName: String?, hasBiases: Bool, samples: [Sample]) -> (
    Preset, Range<Double>
  ) {
    let xs = samples.map(\.x).filter(\.isFinite)
    func holdsAll(_ range: Range<Double>) -> Bool { xs.allSatisfy(range.contains) }
    // The narrowest range first: x in [0, 1) is tensorflow's data, not numpy's.
    let fitting = Preset.allCases.filter { $0.hasBiases == hasBiases }.sorted {
      $0.range.upperBound - $0.range.lowerBound < $1.range.upperBound - $1.range.lowerBound
    }
    let named = presetName.flatMap(Preset.init(rawValue:)).flatMap {
      fitting.contains($0) ? $0 : nil
    }
    let preset =
      named ?? fitting.first { holdsAll($0.range) } ?? (hasBiases ? .bias : .numpy)
    guard let low = xs.min(), let high = xs.max(), !holdsAll(preset.range) else {
      return (preset, preset.range)
    }
    // A half-open range that holds the greatest x; one x alone gets a unit-wide range.
    return (preset, low < high ? low..<high.nextUp : (low - 0.5)..<(low + 0.5))
  }
}
