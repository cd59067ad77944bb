import SineNet

/// Writes a training run as JSON Lines: the settings and initial parameters, then one line per step
/// with the sample used and the parameters after the step.
struct TraceWriter {
  private var file: BufferedFile

  /// Creates (or truncates) the trace file at `path`.
  init(path: String) throws(BufferedFile.Failure) {
    file = try BufferedFile(path: path, role: "trace file")
  }

  /// Writes the first line: the run's settings and its initial parameters.
  mutating func writeHeader(_ trainer: Trainer) throws(BufferedFile.Failure) {
    var members: [(String, JSONValue)] = [
      ("rule", .string(trainer.rule.rawValue)),
      ("eta", .number(trainer.eta)),
      ("preset", .string(trainer.preset.rawValue)),
      ("seed", .unsigned(trainer.seed)),
      ("hidden", .int(trainer.network.hidden)),
    ]
    members += JSONValue.parameters(of: trainer.network)
    try file.append(JSONValue.object(members).text)
  }

  /// Writes one step: the sample it used and the parameters after it.
  mutating func writeStep(_ sample: Sample, _ network: Network) throws(BufferedFile.Failure) {
    let members: [(String, JSONValue)] = [("x", .number(sample.x)), ("y", .number(sample.y))]
    try file.append(JSONValue.object(members + JSONValue.parameters(of: network)).text)
  }

  /// Writes what is buffered and closes the file.
  mutating func finish() throws(BufferedFile.Failure) {
    try file.finish()
  }
}
