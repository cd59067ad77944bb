import Testing

@testable import SineDiagnosis
@testable import SineFormats
@testable import SineNet

/// The pieces of the search: the formulas, the scale fit, the pruning, and traces the trainer
/// writes with every activation and batch.
@Suite("The search over backprop formulas")
struct BugSearchTests {
  /// A trace that `sinetui train --trace` would write: `steps` steps of `trainer`.
  static func trace(_ trainer: Trainer, steps: Int) -> String {
    var trainer = trainer
    var text = TraceEncoder.header(trainer) + "\n"
    for _ in 0..<steps {
      guard let samples = trainer.step() else { break }
      text += TraceEncoder.step(samples: samples, network: trainer.network) + "\n"
    }
    return text
  }

  @Test(
    "The trainer's traces: every activation and batch, correct and under each of its slips",
    arguments: Activation.allCases, [1, 8])
  func trainerTraces(activation: Activation, batch: Int) throws {
    for rule in GradientRule.allCases {
      let text = Self.trace(
        Trainer(preset: .bias, seed: 4, rule: rule, activation: activation, batchSize: batch),
        steps: 200)
      let diagnosis = try TraceDiagnoserTests.diagnose(text)
      // On ReLU units the slope at the activation is the true slope: the slip changes nothing.
      let expected = rule.bugs(for: activation)
      #expect(diagnosis.bugs == expected, "\(rule): \(diagnosis.explanation)")
      #expect(diagnosis.verdict == (expected.isEmpty ? .correct : .bugs(expected)))
      #expect(diagnosis.activation == activation)
      #expect(diagnosis.batch == batch)
      #expect(diagnosis.rules.contains(rule))
      // ReLU units under gradient ascent diverge within a few steps: every step before counts.
      #expect(diagnosis.steps == 200 || diagnosis.divergedAtStep == diagnosis.steps + 1)
      #expect(diagnosis.groups.allSatisfy { $0.matches[rule] == diagnosis.steps })
    }
  }

  @Test("Every formula of a group once, the correct one first; each id has its formulas")
  func formulas() {
    for activation in Activation.allCases {
      let slopes = activation == .relu ? 2 : 5
      let counts: [ParameterGroup: Int] = [
        .w1: 4 * 5 * slopes * 3, .b1: 4 * 5 * slopes * 2, .w2: 4 * 2, .b2: 4,
      ]
      for group in ParameterGroup.allCases {
        let all = Formula.all(for: group, activation: activation, hidden: 10)
        #expect(all.count == counts[group])
        #expect(Set(all).count == all.count)
        #expect(all.first == Formula.correct(group))
        #expect(all.first?.bugs(for: activation) == [])
      }
      // With one unit, Σⱼ δⱼ is δ: no summed formula.
      #expect(Formula.all(for: .b1, activation: activation, hidden: 1).count == 4 * 5 * slopes)
    }
    var found = Set<GradientBug>()
    for activation in Activation.allCases {
      for group in ParameterGroup.allCases {
        for formula in Formula.all(for: group, activation: activation, hidden: 3) {
          found.formUnion(formula.bugs(for: activation))
        }
      }
    }
    // The other four are the update's sign, scale and precision, and a group left as it was.
    #expect(
      found
        == Set(GradientBug.allCases).subtracting([
          .flippedSign, .notUpdated, .wrongScale, .lowerPrecision,
        ]))
    #expect(
      Formula(group: .w1, slope: .ofUpstream, outgoing: .weightGradient).expression(for: .sigmoid)
        == "g(1−g)·x, g = e·e·a")
    #expect(
      Formula(group: .b1, error: .loss, slope: .atActivation, bias: .summed).expression(for: .tanh)
        == "Σ(½e²·w2·(1−tanh²(a)))")
  }

  @Test("After the first steps only the formulas that explain the trace are computed")
  func pruning() throws {
    let text = Self.trace(Trainer(preset: .bias, seed: 2), steps: 30)
    var diagnoser = TraceDiagnoser()
    var counts: [Int] = []
    for line in text.split(separator: "\n") {
      let bytes = Array((line + "\n").utf8)
      try bytes.withUnsafeBufferPointer { (bytes) throws(TraceProblem) in
        _ = try diagnoser.consume(bytes)
      }
      counts.append(diagnoser.liveFormulaCount ?? 0)
    }
    // Line 1: all of them (w1 300, b1 200, w2 8, b2 4).
    #expect(counts[0] == 512)
    // By the end: the correct formula of each group and nothing else; the slope at the
    // activation (sinetui's double-sigmoid and original rules) is dropped once both its signs
    // have missed a step, like any formula that explains nothing.
    #expect(counts.last == 4, "\(counts)")
    #expect(counts.firstIndex(of: 4).map { $0 <= 10 } == true, "\(counts)")
  }

  @Test("A float32 model fed float64 samples is the correct gradient at lower precision")
  func lowerPrecision() throws {
    var generator = Xoshiro256StarStar(seed: 11)
    let h = 4
    var w1 = (0..<h).map { _ in Float(generator.nextDouble(in: -1..<1)) }
    var w2 = (0..<h).map { _ in Float(generator.nextDouble(in: -1..<1)) }
    var b1 = (0..<h).map { _ in Float(generator.nextDouble(in: -1..<1)) }
    var b2: Float = 0
    func line(_ head: String) -> String {
      func list(_ values: [Float]) -> String {
        values.map { "\(Double($0))" }.joined(separator: ",")
      }
      return "{\(head)\"w1\":[\(list(w1))],\"w2\":[\(list(w2))],\"b1\":[\(list(b1))],"
        + "\"b2\":\(Double(b2))}\n"
    }
    var text = line("\"eta\":0.01,")
    for _ in 0..<100 {
      // The trace logs the samples as float64; the model computes with them rounded to Float.
      let x = generator.nextDouble(in: 0..<15)
      let y = sine(x)
      let (fx, fy) = (Float(x), Float(y))
      let a = (0..<h).map { Float(sigmoid(Double(w1[$0] * fx + b1[$0]))) }
      let e: Float = (0..<h).reduce(b2) { $0 + a[$1] * w2[$1] } - fy
      let delta: [Float] = (0..<h).map { e * w2[$0] * a[$0] * (1 - a[$0]) }
      for i in 0..<h {
        w2[i] -= 0.01 * e * a[i]
        w1[i] -= 0.01 * delta[i] * fx
        b1[i] -= 0.01 * delta[i]
      }
      b2 -= 0.01 * e
      text += line("\"x\":\(x),\"y\":\(y),")
    }
    let diagnosis = try TraceDiagnoserTests.diagnose(text)
    #expect(diagnosis.verdict == .bugs([.lowerPrecision]), "\(diagnosis.explanation)")
    #expect(diagnosis.groups.allSatisfy { $0.bugs == [.lowerPrecision] })
    #expect(diagnosis.findings.first?.advice.consequence == .stillConverges)
  }

  @Test("A constant: settled over the steps, a whole number or a reciprocal when it can be")
  func scaleFit() {
    func fit(_ steps: [(traced: [Double], gradient: [Double])]) -> ScaleFit? {
      var fit = ScaleFit()
      let match = UpdateMatch(tolerance: 1e-9, epsilon: .ulpOfOne)
      for step in steps {
        let narrowed = step.traced.withUnsafeBufferPointer { traced in
          step.gradient.withUnsafeBufferPointer { gradient in
            fit.narrow(
              traced: traced, gradient: gradient, eta: 0.01, size: 1, slopeless: 0, match: match,
              lowerPrecision: nil)
          }
        }
        if !narrowed { return nil }
      }
      return fit
    }
    // Updates −3·η·g, one number a step: a constant once three steps agree.
    let steps = [0.5, -0.25, 0.125].map { g in (traced: [-3 * 0.01 * g], gradient: [g]) }
    #expect(fit(Array(steps.prefix(2)))?.scale == nil)
    #expect(fit(steps)?.scale == 3)
    // Three numbers at one step are enough; a factor that changes is no constant.
    #expect(fit([(traced: [-0.002, 0.004, -0.0002], gradient: [0.1, -0.2, 0.01])])?.scale == 2)
    #expect(fit([(traced: [-0.002], gradient: [0.1]), (traced: [-0.003], gradient: [0.1])]) == nil)
    // A constant of 1 or −1 is no wrong scale: the formula's own update, or its negative.
    #expect(fit([(traced: [-0.001, 0.002, -0.003], gradient: [0.1, -0.2, 0.3])])?.scale == nil)
    #expect(fit([(traced: [0.001, -0.002, 0.003], gradient: [0.1, -0.2, 0.3])])?.scale == nil)
    // The reciprocal of a whole number, and a constant that is neither.
    #expect(fit([(traced: [-0.0002, 0.0004, -0.0006], gradient: [0.1, -0.2, 0.3])])?.scale == 0.2)
    #expect(ScaleFit.text(1.00001) == "1.00001")
    #expect(ScaleFit.text(8) == "8")
    #expect(ScaleFit.text(1.0 / 3) == "0.333333")
    #expect(ScaleFit.text(-2.5e-7) == "-2.5e-07")
  }

  @Test("A fit that failed is not tried again; one that needed float32's allowance says so")
  func candidateFits() {
    var fit = Candidate.Fit.exact
    fit.record(exact: true, lowerPrecision: true)
    #expect(fit == .exact)
    fit.record(exact: false, lowerPrecision: true)
    #expect(fit == .lowerPrecision)
    fit.record(exact: true, lowerPrecision: true)
    #expect(fit == .lowerPrecision)
    fit.record(exact: false, lowerPrecision: false)
    #expect(fit == .failed)
    fit.record(exact: true, lowerPrecision: true)
    #expect(fit == .failed)
  }
}
