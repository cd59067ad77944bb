import ArgumentParser
import CPlatform
import SineFormats

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

  /// Parses the command line and runs the command, as ArgumentParser's own `main` does, but writes
  /// its messages as every other message is written: control characters in them escaped (a
  /// value that was given is quoted in them), and help that cannot be written ending with one
  /// line and ``ExitStatus/ioError``, as any command's output does.
  static func main() {
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
