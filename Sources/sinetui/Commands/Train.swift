import ArgumentParser
import SineFormats
import SineNet
import SineUI

/// `sinetui train`: the same core as the terminal view, without a terminal.
struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train headless and print the loss as the original program does, then a summary.",
    discussion: """
      Prints 'step N  loss L  mse M' every --print-every steps (L is the step's per-sample loss, \
      M the mean squared error against sin(x) over the data range), then a summary line. \
      With --json, prints one JSON object instead.

      Exits 0 when the run ran, whether or not it diverged (the summary line and the JSON's \
      'diverged' say which); 64 for a bad option, 65 or 66 for a snapshot that cannot be used, \
      74 when an output cannot be written.
      """
  )

  /// The most steps one run accepts, and the largest count any option takes.
  ///
  /// About a day at full speed. With a snapshot's step (at most ``Trainer/stepLimit``) no sum of
  /// them overflows.
  static let stepLimit = 1_000_000_000_000

  @OptionGroup var model: ModelOptions
  @OptionGroup var learning: LearningOptions

  @Option(
    parsing: .unconditional,
    help: "How many SGD steps to take, 0...\(stepLimit) (default: 500000, the original's).",
    transform: { try ArgumentValue.whole($0, in: 0...Train.stepLimit) })
  var steps: Int = 500_000

  @Option(
    parsing: .unconditional,
    help: "Print a progress line every N steps, 1...\(stepLimit) (default: 10000).",
    transform: { try ArgumentValue.whole($0, in: 1...Train.stepLimit) })
  var printEvery: Int = 10_000

  @Flag(help: "Print one JSON object with the run's settings and result instead of text.")
  var json = false

  @Option(help: "Write the run as JSON Lines to this file: settings, then one line per step.")
  var trace: String?

  @Option(
    parsing: .unconditional,
    help:
      "How many steps the trace records (training goes on after), 0...\(stepLimit) (default: 1000).",
    transform: { try ArgumentValue.whole($0, in: 0...Train.stepLimit) })
  var traceSteps: Int = 1000

  @Option(help: "Also write the mse at every progress line to this CSV file (step,mse).")
  var lossCsv: String?

  @Option(help: "Continue from a snapshot saved in the live view with s; --steps more steps.")
  var load: String?

  mutating func validate() throws {
    if let problem = LearningOptions.problem(loading: load, as: "--load", with: model, learning) {
      throw problem
    }
    if let trace, let problem = OutputFile.problem(writing: trace) {
      throw ValidationError("--trace needs a file it can write: \(problem)")
    }
    if let lossCsv, let problem = OutputFile.problem(writing: lossCsv) {
      throw ValidationError("--loss-csv needs a file it can write: \(problem)")
    }
    let files = [("--trace", trace), ("--loss-csv", lossCsv), ("--load", load)].compactMap {
      option, path in path.map { (option: option, path: $0) }
    }
    if let (first, second) = FileIdentity.firstShared(among: files) {
      throw ValidationError(
        "\(first.option) and \(second.option) name the same file, "
          + "\(QuotedText.quoted(second.path)): give each its own")
    }
  }

  func run() throws {
    DescriptorOutput.ignoreBrokenPipeSignal()
    var trainer: Trainer
    if let load {
      trainer = try SnapshotFile.loadOrExit(path: load).trainer()
    } else {
      trainer = Trainer(model: model, learning: learning, seed: model.resolvedSeed())
    }
    let first = trainer.stepCount
    // A run stops at the step limit, however many steps were asked for.
    let end = min(first + steps, Trainer.stepLimit)
    let traceEnd = first + traceSteps
    var writer: BufferedFile?
    var table: BufferedFile?
    do {
      // Both or neither: a refused one leaves the other as it was.
      var descriptors = try OutputFile.open([trace, lossCsv].compactMap { $0 }).makeIterator()
      if let trace, let descriptor = descriptors.next() {
        writer = BufferedFile(descriptor: descriptor, path: trace, role: "trace file")
      }
      if let lossCsv, let descriptor = descriptors.next() {
        table = BufferedFile(descriptor: descriptor, path: lossCsv, role: "loss table")
      }
    } catch {
      let option = error.path == trace ? "--trace" : "--loss-csv"
      throw ValidationError(
        "\(option) cannot write \(QuotedText.quoted(error.path)): \(error.reason)")
    }

    let output = DescriptorOutput.standardOutput
    let clock = ContinuousClock()
    let start = clock.now
    do {
      try writer?.append(TraceEncoder.header(trainer))
      try table?.append("step,mse")
      while trainer.stepCount < end, !trainer.hasDiverged {
        if writer != nil, trainer.stepCount < traceEnd, let samples = trainer.step() {
          try writer?.append(TraceEncoder.step(samples: samples, network: trainer.network))
        } else {
          let nextPrint = (trainer.stepCount / printEvery + 1) * printEvery
          var stop = min(end, nextPrint)
          if writer != nil, trainer.stepCount < traceEnd { stop = min(stop, traceEnd) }
          trainer.train(steps: stop - trainer.stepCount)
        }
        if trainer.stepCount % printEvery == 0 || trainer.hasDiverged || trainer.stepCount == end {
          try table?.append("\(trainer.stepCount),\(trainer.meanSquaredError().description)")
          if !json, trainer.stepCount % printEvery == 0 || trainer.hasDiverged {
            try output.line(progressLine(trainer))
          }
        }
      }
      try writer?.finish()
      try table?.finish()
      let rate = Double(trainer.stepCount - first) / max((clock.now - start).inSeconds, 1e-9)
      try output.line(
        json ? jsonSummary(trainer, stepsPerSecond: rate) : textSummary(trainer, rate))
      if end < first + steps, !trainer.hasDiverged {
        try? DescriptorOutput.standardError.line(
          "sinetui: the run stopped at step \(end), the most steps a run counts; "
            + "\(first + steps - end) of the \(steps) steps asked for were not taken")
      }
    } catch is OutputClosed {
      // The reader went away: keep what the files hold, and stop quietly, as `yes | head` does.
      try? writer?.finish()
      try? table?.finish()
    } catch let failure as BufferedFile.Failure {
      try? DescriptorOutput.standardError.line("sinetui: \(failure.message)")
      throw ExitStatus.ioError.exitCode
    } catch let failure as OutputFailed {
      try? writer?.finish()
      try? table?.finish()
      try? DescriptorOutput.standardError.line(
        "sinetui: cannot write the output: \(failure.reason)")
      throw ExitStatus.ioError.exitCode
    }
  }

  private func progressLine(_ trainer: Trainer) -> String {
    let loss = trainer.lastLoss.map { NumberFormat.scientific($0, digits: 4) } ?? "-"
    let mse = NumberFormat.scientific(trainer.meanSquaredError(), digits: 4)
    return "step \(trainer.stepCount)  loss \(loss)  mse \(mse)"
  }

  private func textSummary(_ trainer: Trainer, _ rate: Double) -> String {
    let settings =
      "preset \(trainer.preset.rawValue), gradient \(trainer.rule.rawValue), "
      + "eta \(NumberFormat.shortest(trainer.eta)), seed \(trainer.seed), "
      + "hidden \(trainer.network.hidden), activation \(trainer.activation.rawValue), "
      + "optimizer \(trainer.optimizer.rawValue), batch \(trainer.batchSize), "
      + "target \(trainer.target.rawValue)"
    let speed = "\(NumberFormat.rate(rate)) steps/s"
    if let step = trainer.divergedAtStep {
      return "diverged at step \(step): the loss or a parameter stopped being finite; "
        + "\(speed) (\(settings))"
    }
    let mse = NumberFormat.scientific(trainer.meanSquaredError(), digits: 4)
    return "final mse \(mse) after \(trainer.stepCount) steps, \(speed) (\(settings))"
  }

  private func jsonSummary(_ trainer: Trainer, stepsPerSecond: Double) -> String {
    JSONValue.object([
      ("preset", .string(trainer.preset.rawValue)),
      ("gradient", .string(trainer.rule.rawValue)),
      ("eta", .number(trainer.eta)),
      ("seed", .unsigned(trainer.seed)),
      ("hidden", .int(trainer.network.hidden)),
      ("activation", .string(trainer.activation.rawValue)),
      ("optimizer", .string(trainer.optimizer.rawValue)),
      ("batch", .int(trainer.batchSize)),
      ("target", .string(trainer.target.rawValue)),
      ("steps", .int(trainer.stepCount)),
      ("diverged", .bool(trainer.hasDiverged)),
      ("divergedAtStep", trainer.divergedAtStep.map(JSONValue.int) ?? .null),
      ("mse", trainer.hasDiverged ? .null : .number(trainer.meanSquaredError())),
      ("stepsPerSecond", .number(stepsPerSecond)),
    ]).text
  }
}
