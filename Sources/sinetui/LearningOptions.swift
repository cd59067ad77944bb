import ArgumentParser
import SineNet

/// The options that say how a network learns: the gradient rule and the learning rate.
struct LearningOptions: ParsableArguments {
  /// The largest learning rate accepted; far past the point where every preset diverges.
  static let etaLimit = 100.0

  @Option(
    help: "The gradient rule: correct, seed (both of the seed's bugs), sign or double-sigmoid.")
  var gradient: GradientRule = .correct

  @Option(
    parsing: .unconditional,
    help: "The learning rate η, a number in (0, 100] (default: the preset's, 0.01).",
    transform: { try ArgumentValue.learningRate($0, limit: LearningOptions.etaLimit) })
  var eta: Double?
}
