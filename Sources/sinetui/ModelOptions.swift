import ArgumentParser
import SineNet

/// The options that pick one experiment: the preset, the network's size and the seed.
struct ModelOptions: ParsableArguments {
  @Option(help: "The experiment: bias (the default), numpy or tensorflow.")
  var preset: Preset = .bias

  @Option(
    parsing: .unconditional,
    help: "The random seed for the data, the initial weights and the samples (default: random).",
    transform: ArgumentValue.seed)
  var seed: UInt64?

  @Option(
    parsing: .unconditional, help: "The number of hidden units, 1...64.",
    transform: { try ArgumentValue.whole($0, in: Network.hiddenRange) })
  var hidden: Int = 10

  /// The seed to use: the one given, or a fresh random one of 32 bits, short enough to read off
  /// the screen and type back in.
  func resolvedSeed() -> UInt64 {
    seed ?? UInt64(UInt32.random(in: .min ... .max))
  }
}
