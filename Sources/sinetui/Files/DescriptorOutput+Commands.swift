import ArgumentParser

extension DescriptorOutput {
  /// Writes `lines` to standard output as every command writes its results.
  ///
  /// When the reader has gone away (`sinetui check | head -1`) the rest is dropped quietly, as
  /// `yes | head` does; any other failure (a full disk, `/dev/full`) gets one line on standard
  /// error and ends the command with ``ExitStatus/ioError``.
  static func printLines(_ lines: [String]) throws(ExitCode) {
    do {
      for line in lines { try standardOutput.line(line) }
    } catch is OutputClosed {
      return
    } catch let failure as OutputFailed {
      try? standardError.line("sinetui: cannot write the output: \(failure.reason)")
      throw ExitStatus.ioError.exitCode
    } catch {
      try? standardError.line("sinetui: cannot write the output: \(describeErrno())")
      throw ExitStatus.ioError.exitCode
    }
  }
}
