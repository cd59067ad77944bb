import ArgumentParser

/// Why an input file (a snapshot, a trace) cannot be used, with the exit status that goes with it.
struct InputProblem: Error {
  /// One line for standard error, naming the file and what is wrong with it.
  var message: String
  /// ``ExitStatus/noInput`` when the file cannot be read, ``ExitStatus/dataError`` when its
  /// contents are wrong.
  var status: ExitStatus

  /// Writes the line to standard error and returns the exit code that ends the command with it.
  func reported() -> ExitCode {
    try? DescriptorOutput.standardError.line(message)
    return status.exitCode
  }
}
