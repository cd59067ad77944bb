import ArgumentParser
import SineDiagnosis
import SineFormats

/// `sinetui diagnose`: which gradient rule a training trace follows, and where it first goes wrong.
struct Diagnose: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Tell which gradient rule a training trace follows, and where it first goes wrong.",
    discussion: """
      FILE is JSON Lines as 'sinetui train --trace' writes them, from any program: line 1 holds \
      eta and the initial w1, w2, b1 (or null) and b2 (or null); each further line the sample x, \
      y and the parameters after that step. Line 1 may name the activation, optimizer, batch and \
      target; diagnose follows sigmoid units, plain gradient descent and one sample per step, and \
      refuses other traces. Every step is replayed under each rule (correct, \
      original, sign, double-sigmoid) and each parameter group's update compared with the trace's. \
      Exits 0 only when the trace follows the correct gradient and no other rule; 1 when it \
      follows a wrong rule or none, or cannot tell the rules apart (inconclusive).
      """
  )

  @Argument(help: "The trace file (JSON Lines).")
  var file: String

  @Option(
    parsing: .unconditional,
    help: "The relative tolerance updates are compared to, greater than 0 and less than 1.",
    transform: ArgumentValue.fraction)
  var tolerance: Double = TraceDiagnoser.defaultTolerance

  @Flag(help: "Print the verdict as one JSON object.")
  var json = false

  func run() throws {
    DescriptorOutput.ignoreBrokenPipeSignal()
    let diagnosis: Diagnosis
    do {
      diagnosis = try TraceFile.diagnose(path: file, tolerance: tolerance)
    } catch {
      throw error.reported()
    }
    let report = DiagnosisReport(diagnosis: diagnosis, file: file)
    // A reader that went away still leaves the exit status to tell the verdict.
    try DescriptorOutput.printLines(json ? [report.json] : report.lines)
    if !diagnosis.verdict.followsCorrectGradient { throw ExitStatus.wrongGradient.exitCode }
  }
}
