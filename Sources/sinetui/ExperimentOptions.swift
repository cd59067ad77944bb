import ArgumentParser
import SineNet

/// The options that pick one experiment: the preset, the network's size and the seed.
struct ModelOptions: ParsableArguments {
  @Option(help: "The experiment: bias (the default), numpy or tensorflow.")
  var preset: Preset = .bias

  @Option(
    help: "The random seed for the data, the initial weights and the samples (default: random).")
  var seed: UInt64?

  @Option(help: "The number of hidden units, 1...64.")
  var hidden: Int = 10

  mutating func validate() throws {
    guard Network.hiddenRange.contains(hidden) else {
      throw ValidationError("--hidden must be a whole number in 1...64, got \(hidden)")
    }
  }

  /// The seed to use: the one given, or a fresh random one of 32 bits, short enough to read off
  /// the screen and type back in.
  func resolvedSeed() -> UInt64 {
    seed ?? UInt64(UInt32.random(in: .min ... .max))
  }
}

/// The options that say how a network learns: the gradient rule and the learning rate.
struct LearningOptions: ParsableArguments {
  /// The largest learning rate accepted; far past the point where every preset diverges.
  static let etaLimit = 100.0

  @Option(
    help: "The gradient rule: correct, seed (both of the seed's bugs), sign or double-sigmoid.")
  var gradient: GradientRule = .correct

  @Option(help: "The learning rate η, a number in (0, 100] (default: the preset's, 0.01).")
  var eta: Double?

  mutating func validate() throws {
    if let eta, !(eta.isFinite && eta > 0 && eta <= Self.etaLimit) {
      throw ValidationError("--eta must be a number greater than 0 and at most 100, got \(eta)")
    }
  }
}

extension Trainer {
  /// A trainer for the given options, with `seed` already resolved.
  init(model: ModelOptions, learning: LearningOptions, seed: UInt64) {
    self.init(
      preset: model.preset, seed: seed, hidden: model.hidden, rule: learning.gradient,
      eta: learning.eta)
  }
}
