import ArgumentParser

/// The `sinetui` command: watch a network learn sin(x), or train it headless.
@main
struct Sinetui: ParsableCommand {
  /// The version, declared here and nowhere else: `--version` and the man page print it.
  static let version = "2.0.0"

  static let configuration = CommandConfiguration(
    commandName: "sinetui",
    abstract:
      "Watch a small neural network learn sin(x), and see why a from-scratch backprop fails.",
    version: version,
    subcommands: [Watch.self, Train.self, Check.self, Diagnose.self],
    defaultSubcommand: Watch.self
  )

  /// Runs the command line, after refusing a first word that is not a command with the closest
  /// command's name: `sinetui trian` would otherwise be read as a stray argument to `watch`.
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let first = arguments.first, let message = CommandSuggestion.problem(with: first) {
      try? DescriptorOutput.standardError.line("sinetui: " + message)
      exit(withError: ExitCode(ExitStatus.usage.code))
    }
    main(arguments)
  }
}
