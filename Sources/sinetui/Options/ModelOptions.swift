import ArgumentParser
import SineNet

/// The options that pick one experiment: the preset, the network's size and activation, and the
/// random seed.
struct ModelOptions: ParsableArguments {
  @Option(
    name: .customLong("preset"), parsing: .unconditional,
    help: ArgumentHelp(
      "The experiment: bias (the default), numpy or tensorflow.", valueName: "preset"))
  var presetGiven: Preset?

  @Option(
    parsing: .unconditional,
    help: "The random seed for the data, the initial weights and the samples (default: random).",
    transform: ArgumentValue.seed)
  var seed: UInt64?

  @Option(
    name: .customLong("hidden"), parsing: .unconditional,
    help: ArgumentHelp("The number of hidden units, 1...64 (default: 10).", valueName: "hidden"),
    transform: { try ArgumentValue.whole($0, in: Network.hiddenRange) })
  var hiddenGiven: Int?

  @Option(
    name: .customLong("activation"), parsing: .unconditional,
    help: ArgumentHelp(
      "The hidden units' activation: sigmoid (the default, the original's), tanh or relu.",
      valueName: "activation"))
  var activationGiven: Activation?

  /// The activation: the one given, or the sigmoid.
  var activation: Activation { activationGiven ?? .sigmoid }

  /// The preset: the one given, or `bias`.
  var preset: Preset { presetGiven ?? .bias }

  /// The number of hidden units: the one given, or 10.
  var hidden: Int { hiddenGiven ?? 10 }

  /// The names of the options given on the command line.
  var given: [String] {
    [
      presetGiven.map { _ in "--preset" }, seed.map { _ in "--seed" },
      hiddenGiven.map { _ in "--hidden" }, activationGiven.map { _ in "--activation" },
    ].compactMap { $0 }
  }

  /// The seed to use: the one given, or a fresh random one of 32 bits, short enough to read off
  /// the screen and type back in.
  func resolvedSeed() -> UInt64 {
    seed ?? UInt64(UInt32.random(in: .min ... .max))
  }
}
