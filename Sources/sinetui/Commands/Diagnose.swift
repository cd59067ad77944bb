import ArgumentParser
import SineDiagnosis
import SineFormats

/// `sinetui diagnose`: which bugs a training trace's updates show, and the lines that fix them.
struct Diagnose: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Name the bugs in the backprop that wrote a training trace, with their fixes.",
    discussion: """
      FILE is JSON Lines as 'sinetui train --trace' writes them, from any program: line 1 holds \
      eta and the initial w1, w2, b1 (or null) and b2 (or null), and may name the activation \
      (sigmoid, tanh, relu) and the batch; each further line the sample x, y (arrays for a \
      batch) and the parameters after that step. Every step is replayed under every way each \
      group's gradient can go wrong (the error term, the slope, the outgoing weight, the input, \
      the sign and the scale) and the bugs that explain every step are named, group by group, \
      with the corrected line. Plain gradient descent only: a trace naming another optimizer is \
      refused. Exits 0 only when the trace follows the correct gradient with no bug; 1 for any \
      bug, for updates no known bug explains, and for updates too small to tell.
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
