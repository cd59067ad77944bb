import ArgumentParser

/// The `sinetui` command: watch a network learn sin(x), or train it headless.
@main
struct Sinetui: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sinetui",
    abstract:
      "Watch a small neural network learn sin(x), and see why a from-scratch backprop fails.",
    subcommands: [Watch.self, Train.self, Check.self, Diagnose.self],
    defaultSubcommand: Watch.self
  )
}
