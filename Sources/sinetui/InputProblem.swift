import ArgumentParser

/// Why an input file (a snapshot, a trace) cannot be used, with the exit status that goes with it.
struct InputProblem: Error {
  /// One line for standard error, naming the file and what is wrong with it.
  var message: String
  /// 66 (sysexits' EX_NOINPUT) when the file cannot be read, 65 (EX_DATAERR) when its contents
  /// are wrong.
  var status: Int32

  /// Writes the line to standard error and returns the exit code that ends the command with it.
  func reported() -> ExitCode {
    try? DescriptorOutput.standardError.line(message)
    return ExitCode(status)
  }
}
