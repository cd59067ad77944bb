import SineFormats
import SineNet

/// A replayed trace: its verdict for the status line, and how far it has been shown.
public struct Replay: Sendable, Hashable {
  /// The diagnosis's verdict in a few words.
  public var verdict: String
  /// Whether the trace follows the correct gradient.
  public var isCorrect: Bool
  /// Whether every step of the trace has been shown.
  public internal(set) var isFinished = false

  /// The samples shown as the plot's dots: the trace's first ones.
  public static let sampleCount = 500

  /// The preset a replay is shown as, and the x range of its samples.
  ///
  /// The preset is line 1's `preset` when it names one whose model (biases or not) the trace has;
  /// else the narrowest preset whose range holds every sample (`bias` with biases, else
  /// `tensorflow` or `numpy`), or `bias`/`numpy` when none does. The range is the preset's when it
  /// holds every sample, else the samples' own, from the least x to the greatest.
  public static func plotSetting(presetName: String?, hasBiases: Bool, samples: [Sample]) -> (
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

// MARK: - A session replaying a trace

extension Session {
  /// A session replaying a trace that starts with `header`, whose first samples are `samples`
  /// (for the plot's dots and range), with the diagnosis's verdict.
  ///
  /// The main run follows the traced networks, and the comparison run trains with the correct
  /// rule from the same start on the same samples.
  public init(
    replaying header: TraceHeader, samples: [Sample], verdict: String, isCorrect: Bool,
    speed: Speed = .standard
  ) {
    let (preset, range) = Replay.plotSetting(
      presetName: header.presetName, hasBiases: header.network.hasBiases, samples: samples)
    let dataset = Dataset(range: range, samples: samples.isEmpty ? [Sample(x: 0, y: 0)] : samples)
    let trainer = Trainer(
      preset: preset, seed: 0, dataset: dataset, network: header.network,
      generator: Xoshiro256StarStar(seed: 0), rule: .correct, eta: header.eta)
    self.init(trainer: trainer, speed: speed)
    comparison = Run(trainer: trainer, historyCapacity: run.history.capacity)
    replay = Replay(verdict: verdict, isCorrect: isCorrect)
  }

  /// What `command` does during a replay.
  ///
  /// The trace sets the rule, η, the start and the samples: the keys that would change them do
  /// nothing, nor do the gradient check and the derivation, whose rule would not be the trace's; `n`/`N` ask for
  /// the trace's next steps.
  func replayHandling(of command: Command) -> ReplayHandling {
    switch command {
    case .reset, .nextPreset, .toggleOriginalBugs, .toggleSign, .toggleDoubleSigmoid, .etaUp,
      .etaDown, .toggleComparison, .saveSnapshot, .toggleGradientCheck, .toggleDerivation,
      .nextUnit, .previousUnit, .nextActivation,
      .nextOptimizer, .nextBatchSize, .nextTarget, .moreUnits, .fewerUnits:
      return .ignored
    case .stepOnce, .stepThousand:
      guard isPaused, replay?.isFinished == false, !trainer.hasDiverged else { return .ignored }
      return .effect(.readTrace(steps: command == .stepOnce ? 1 : 1000))
    case .togglePause:
      return replay?.isFinished == false ? .asUsual : .ignored
    default:
      return .asUsual
    }
  }

  /// What a command does during a replay.
  enum ReplayHandling {
    /// Nothing.
    case ignored
    /// Only this effect.
    case effect(Effect)
    /// What it does otherwise.
    case asUsual
  }

  /// Shows the next steps of the replayed trace: the main run takes the traced networks, the
  /// comparison run a correct step on each sample.
  mutating func follow(_ steps: ArraySlice<TracedStep>) {
    for step in steps {
      run.trainer.follow(step.sample, to: step.network)
      comparison?.trainer.step(on: step.sample)
    }
  }

  /// Marks the replayed trace as shown to its end, which pauses the view.
  mutating func finishReplay() {
    guard replay != nil else { return }
    recordProgress()
    replay?.isFinished = true
    if !trainer.hasDiverged { pause = .atEnd }
  }
}
