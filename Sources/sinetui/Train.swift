import ArgumentParser
import SineNet
import SineUI

/// `sinetui train`: the same core as the terminal view, without a terminal.
struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train headless and print the loss as the seed program does, then a summary.",
    discussion: """
      Prints 'step N  loss L  mse M' every --print-every steps (L is the step's per-sample loss, \
      M the mean squared error against sin(x) over the data range), then a summary line. \
      With --json, prints one JSON object instead.
      """
  )

  /// The most steps one run accepts: about a day at full speed.
  static let stepLimit = 1_000_000_000_000

  @OptionGroup var model: ModelOptions
  @OptionGroup var learning: LearningOptions

  @Option(help: "How many SGD steps to take, 0...\(stepLimit).")
  var steps: Int = 500_000

  @Option(help: "Print a progress line every N steps (N at least 1).")
  var printEvery: Int = 10_000

  @Flag(help: "Print one JSON object with the run's settings and result instead of text.")
  var json = false

  @Option(help: "Write the run as JSON Lines to this file: settings, then one line per step.")
  var trace: String?

  @Option(help: "How many steps the trace records (training goes on after that), at least 0.")
  var traceSteps: Int = 1000

  mutating func validate() throws {
    guard (0...Self.stepLimit).contains(steps) else {
      throw ValidationError("--steps must be a whole number in 0...\(Self.stepLimit), got \(steps)")
    }
    guard printEvery >= 1 else {
      throw ValidationError("--print-every must be a whole number of at least 1, got \(printEvery)")
    }
    guard traceSteps >= 0 else {
      throw ValidationError("--trace-steps must be a whole number of at least 0, got \(traceSteps)")
    }
    if let trace, let problem = TraceWriter.problem(writing: trace) {
      throw ValidationError("--trace needs a file it can write: \(problem)")
    }
  }

  func run() throws {
    DescriptorOutput.ignoreBrokenPipeSignal()
    let seed = model.resolvedSeed()
    var trainer = Trainer(model: model, learning: learning, seed: seed)
    var writer: TraceWriter?
    do {
      if let trace {
        writer = try TraceWriter(path: trace)
        try writer?.writeHeader(trainer)
      }
    } catch {
      throw ValidationError("--trace needs a file it can write: \(error.message)")
    }

    let output = DescriptorOutput.standardOutput
    let clock = ContinuousClock()
    let start = clock.now
    do {
      while trainer.stepCount < steps, !trainer.hasDiverged {
        if var tracing = writer, trainer.stepCount < traceSteps, let sample = trainer.step() {
          try tracing.writeStep(sample, trainer.network)
          writer = tracing
        } else {
          let nextPrint = (trainer.stepCount / printEvery + 1) * printEvery
          var stop = min(steps, nextPrint)
          if writer != nil, trainer.stepCount < traceSteps { stop = min(stop, traceSteps) }
          trainer.train(steps: stop - trainer.stepCount)
        }
        if !json, trainer.stepCount % printEvery == 0 || trainer.hasDiverged {
          try output.line(progressLine(trainer))
        }
      }
      try writer?.finish()
    } catch let failure as TraceWriter.Failure {
      throw ValidationError(failure.message)
    } catch {
      // The reader of standard output went away: stop quietly, as `yes | head` does.
      return
    }
    let elapsed = clock.now - start
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let rate = seconds > 0 ? Double(trainer.stepCount) / seconds : 0
    let summary = json ? jsonSummary(trainer, stepsPerSecond: rate) : textSummary(trainer, rate)
    try? output.line(summary)
  }

  private func progressLine(_ trainer: Trainer) -> String {
    let loss = trainer.lastLoss.map { NumberFormat.scientific($0, digits: 4) } ?? "-"
    let mse = NumberFormat.scientific(trainer.meanSquaredError(), digits: 4)
    return "step \(trainer.stepCount)  loss \(loss)  mse \(mse)"
  }

  private func textSummary(_ trainer: Trainer, _ rate: Double) -> String {
    let settings =
      "preset \(trainer.preset.rawValue), gradient \(trainer.rule.rawValue), "
      + "eta \(trainer.eta), seed \(trainer.seed), hidden \(trainer.network.hidden)"
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
      ("steps", .int(trainer.stepCount)),
      ("diverged", .bool(trainer.hasDiverged)),
      ("divergedAtStep", trainer.divergedAtStep.map(JSONValue.int) ?? .null),
      ("mse", trainer.hasDiverged ? .null : .number(trainer.meanSquaredError())),
      ("stepsPerSecond", .number(stepsPerSecond)),
    ]).text
  }
}
