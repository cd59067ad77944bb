import ArgumentParser
import CPlatform
import SineFormats

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

  /// Parses the command line and runs the command, as ArgumentParser's own `main` does, but writes
  /// its messages as every other message is written: control characters in them escaped (a
  /// value that was given is quoted in them), and help that cannot be written ending with one
  /// line and ``ExitStatus/ioError``, as any command's output does.
  ///
  /// A first word that is not a command is refused first, with the closest command's name:
  /// `sinetui trian` would otherwise be read as a stray argument to `watch`.
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let first = arguments.first, let message = CommandSuggestion.problem(with: first) {
      try? DescriptorOutput.standardError.line("sinetui: " + message)
      CPlatform.exit(ExitStatus.usage.code)
    }
    var status = ExitStatus.success.code
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      status = report(error)
    }
    CPlatform.exit(status)
  }

  /// Writes what ArgumentParser has to say about `error` and returns the status to exit with.
  private static func report(_ error: Error) -> Int32 {
    let status = exitCode(for: error).rawValue
    let text = QuotedText.escapedLines(fullMessage(for: error))
    guard !text.isEmpty else { return status }
    guard status == ExitStatus.success.code else {
      try? DescriptorOutput.standardError.line(text)
      return status
    }
    DescriptorOutput.ignoreBrokenPipeSignal()
    do {
      try DescriptorOutput.printLines([text])
    } catch {
      return error.rawValue
    }
    return status
  }
}
