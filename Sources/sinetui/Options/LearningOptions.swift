import ArgumentParser
import SineNet

/// The options that say how a network learns: the gradient rule, the learning rate, the optimizer,
/// the batch size and the target.
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

  @Option(
    name: .customLong("optimizer"), parsing: .unconditional,
    help: ArgumentHelp(
      "How the gradient becomes an update: sgd (the default, the original's), momentum (0.9) or "
        + "adam (PyTorch's defaults).", valueName: "optimizer"))
  var optimizerGiven: Optimizer?

  @Option(
    name: .customLong("batch"), parsing: .unconditional,
    help: ArgumentHelp(
      "Samples per step, drawn without replacement, their gradients averaged: 1...500 (default: "
        + "1, the original's per-sample SGD).", valueName: "batch"),
    transform: { try ArgumentValue.whole($0, in: 1...Preset.bias.largestBatch) })
  var batchGiven: Int?

  @Option(
    name: .customLong("target"), parsing: .unconditional,
    help: ArgumentHelp(
      "The function to learn: sin (the default), square, kink, bump or sawtooth.",
      valueName: "target"))
  var targetGiven: Target?

  /// The optimizer: the one given, or plain SGD.
  var optimizer: Optimizer { optimizerGiven ?? .sgd }

  /// The batch size: the one given, or 1.
  var batch: Int { batchGiven ?? 1 }

  /// The target: the one given, or sin.
  var target: Target { targetGiven ?? .sin }

  /// The gradient rule: the one given, or `correct`.
  var gradient: GradientRule { gradientGiven ?? .correct }

  /// The names of the options given on the command line.
  var given: [String] {
    [
      gradientGiven.map { _ in "--gradient" }, eta.map { _ in "--eta" },
      optimizerGiven.map { _ in "--optimizer" }, batchGiven.map { _ in "--batch" },
      targetGiven.map { _ in "--target" },
    ].compactMap { $0 }
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
