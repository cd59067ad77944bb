import ArgumentParser
import SineNet

/// The options that say how a network learns: the gradient rule and the learning rate.
struct LearningOptions: ParsableArguments {
  @Option(
    name: .customLong("gradient"), parsing: .unconditional,
    help: ArgumentHelp(
      "The gradient rule: correct (the default), original (both of the original program's bugs), sign or double-sigmoid.",
      valueName: "gradient"))
  var gradientGiven: GradientRule?

  @Option(
    parsing: .unconditional,
    help: "The learning rate η, a number in (0, 100] (default: the preset's, 0.01).",
    transform: { try ArgumentValue.learningRate($0, limit: Trainer.learningRateLimit) })
  var eta: Double?

  /// The gradient rule: the one given, or `correct`.
  var gradient: GradientRule { gradientGiven ?? .correct }

  /// The names of the options given on the command line.
  var given: [String] {
    [gradientGiven.map { _ in "--gradient" }, eta.map { _ in "--eta" }].compactMap { $0 }
  }

  /// Why `option` (`--load` or `--load-trace`) cannot take `path` beside the other options, or
  /// nil: the file brings its own run's settings, so one given beside it would be silently
  /// ignored.
  static func problem(
    loading path: String?, as option: String, with model: ModelOptions, _ learning: LearningOptions
  ) -> ValidationError? {
    guard let path else { return nil }
    if path.isEmpty { return ValidationError("\(option) needs a file: the path is empty") }
    guard let name = (model.given + learning.given).first else { return nil }
    return ValidationError(
      "\(name) cannot be given with \(option): the file's run has its own settings")
  }
}
