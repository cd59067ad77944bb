import Foundation
import Testing

@testable import SineDiagnosis
@testable import SineFormats
@testable import SineNet

/// The diagnosis core, fed traces made in-process.
@Suite("The trace diagnoser")
struct TraceDiagnoserTests {
  /// A trace of `steps` SGD steps under `rule`, in the format `sinetui train --trace` writes;
  /// `groupRules` makes a group's updates follow another rule instead.
  static func trace(
    rule: GradientRule, steps: Int = 50, hidden: Int = 5, biases: Bool = true, eta: Double = 0.01,
    groupRules: [ParameterGroup: GradientRule] = [:],
    change: (_ before: Network, _ after: inout Network) -> Void = { _, _ in }
  ) -> String {
    var generator = Xoshiro256StarStar(seed: 99)
    var network = Network(hidden: hidden, biases: biases, using: &generator)
    func line(_ head: String, _ network: Network) -> String {
      let b1 = network.b1.map { "[" + $0.map { "\($0)" }.joined(separator: ",") + "]" } ?? "null"
      let b2 = network.b2.map { "\($0)" } ?? "null"
      return "{" + head + "\"w1\":[" + network.w1.map { "\($0)" }.joined(separator: ",")
        + "],\"w2\":[" + network.w2.map { "\($0)" }.joined(separator: ",") + "],\"b1\":" + b1
        + ",\"b2\":" + b2 + "}\n"
    }
    var text = line("\"rule\":\"\(rule.rawValue)\",\"eta\":\(eta),", network)
    for _ in 0..<steps {
      let x = generator.nextDouble(in: 0..<15)
      let y = sine(x)
      var next = network
      next.descend(x: x, y: y, rule: rule, eta: eta)
      for (group, other) in groupRules {
        var alternative = network
        alternative.descend(x: x, y: y, rule: other, eta: eta)
        let range = network.range(of: group)
        next.storage.replaceSubrange(range, with: alternative.storage[range])
      }
      change(network, &next)
      network = next
      text += line("\"x\":\(x),\"y\":\(y),", network)
    }
    return text
  }

  /// Feeds `text` to a diagnoser in chunks of `chunk` bytes.
  static func diagnose(_ text: String, chunk: Int = 1 << 20, tolerance: Double = 1e-9)
    throws(TraceProblem) -> Diagnosis
  {
    var diagnoser = TraceDiagnoser(tolerance: tolerance)
    let bytes = Array(text.utf8)
    var start = 0
    while start < bytes.count {
      let end = min(start + chunk, bytes.count)
      let going = try bytes.withUnsafeBufferPointer {
        (all: UnsafeBufferPointer<UInt8>) throws(TraceProblem) in
        try diagnoser.consume(UnsafeBufferPointer(rebasing: all[start..<end]))
      }
      if !going { break }
      start = end
    }
    return try diagnoser.finish()
  }

  @Test("Each rule's trace follows that rule", arguments: GradientRule.allCases, [true, false])
  func eachRule(rule: GradientRule, biases: Bool) throws {
    let diagnosis = try Self.diagnose(Self.trace(rule: rule, biases: biases))
    #expect(diagnosis.verdict == .follows(rule))
    #expect(diagnosis.verdict.followsCorrectGradient == (rule == .correct))
    #expect(diagnosis.steps == 50)
    #expect(diagnosis.hidden == 5)
    #expect(diagnosis.divergedAtStep == nil)
    #expect(diagnosis.groups.map(\.group) == (biases ? [.w1, .w2, .b1, .b2] : [.w1, .w2]))
    for group in diagnosis.groups {
      #expect(group.matches[rule] == 50)
      // w2's and b2's updates have no σ', so they show the flipped sign only.
      let shown =
        [.w1, .b1].contains(group.group) ? rule.bugs : rule.bugs.filter { $0 == .flippedSign }
      #expect(group.bugs == shown)
      #expect(group.firstUnexplained == nil)
    }
  }

  @Test("Chunks of any size, down to one byte, give the same diagnosis", arguments: [1, 7, 4096])
  func chunking(chunk: Int) throws {
    let text = Self.trace(rule: .original, steps: 20)
    #expect(try Self.diagnose(text, chunk: chunk) == (try Self.diagnose(text)))
  }

  @Test("w2 and b2 cannot tell the sigmoid of a sigmoid apart: the bugs are named, not a rule")
  func ties() throws {
    let diagnosis = try Self.diagnose(Self.trace(rule: .sign))
    let w2 = try #require(diagnosis.groups.first { $0.group == .w2 })
    #expect(w2.explainingRules == [.original, .sign])
    #expect(w2.bugs == [.flippedSign])
    #expect(
      w2.summary
        == "w2: flipped sign of dE/dy on 50/50 steps (rules original and sign give the same update here)"
    )
    let w1 = try #require(diagnosis.groups.first { $0.group == .w1 })
    #expect(w1.summary == "w1: matches rule sign (flipped sign of dE/dy) on 50/50 steps")
  }

  @Test("Groups that follow different rules: each named, and no one rule")
  func groupsDisagree() throws {
    let diagnosis = try Self.diagnose(Self.trace(rule: .correct, groupRules: [.w2: .sign]))
    #expect(diagnosis.verdict == .groupsDisagree)
    #expect(!diagnosis.verdict.followsCorrectGradient)
    #expect(
      diagnosis.explanation == [
        "Each parameter group follows a rule, but no one rule explains them all: w1 follows "
          + "correct, w2 follows original and sign, b1 follows correct, b2 follows correct and "
          + "double-sigmoid."
      ])
  }

  @Test("A doubled η is a constant ratio 2; a halved one 0.5")
  func scale() throws {
    for (claimed, factor) in [(0.005, 2.0), (0.02, 0.5)] {
      let text = Self.trace(rule: .correct).replacingOccurrences(
        of: "\"eta\":0.01,", with: "\"eta\":\(claimed),")
      let diagnosis = try Self.diagnose(text)
      #expect(diagnosis.verdict == .unexplained([.w1, .w2, .b1, .b2]))
      for group in diagnosis.groups {
        let first = try #require(group.firstUnexplained)
        #expect(first.step == 1)
        #expect(first.line == 2)
        guard case .constant(let ratio) = first.pattern else {
          Issue.record("\(group.group): \(first.pattern)")
          continue
        }
        #expect(abs(ratio - factor) < 1e-9)
        #expect(first.meaning == "a wrong scale (η or a missing term)")
      }
    }
  }

  @Test("Ratio patterns: -1 is a flipped sign; a factor that varies is a wrong formula")
  func patterns() {
    #expect(
      UnexplainedStep.pattern(traced: [-1e-3, 2e-3, -4e-8], correct: [1e-3, -2e-3, 5e-8])
        == .constant(-1))
    #expect(UnexplainedStep.pattern(traced: [1, 3], correct: [1, 2]) == .varying)
    #expect(UnexplainedStep.pattern(traced: [1, 3], correct: [0, 0]) == .undefined)
  }

  @Test("An update is compared relative to its own size, with a floor for rounding θ")
  func updateMatch() {
    func matches(_ before: [Double], _ traced: [Double], _ replayed: [Double]) -> Bool {
      before.withUnsafeBufferPointer { b in
        traced.withUnsafeBufferPointer { t in
          replayed.withUnsafeBufferPointer { r in
            UpdateMatch.matches(
              before: b, traced: t, replayed: r, range: 0..<before.count, tolerance: 1e-9)
          }
        }
      }
    }
    // An update of 1e-6 on a parameter of 1: off by 1e-3 relative to the update, no match,
    // although it is within 1e-9 of the parameter.
    #expect(!matches([1], [1 + 1.001e-6], [1 + 1e-6]))
    // Off by one unit in the last place of the parameter: rounding, a match.
    #expect(matches([1], [(1 + 1e-6).nextUp], [1 + 1e-6]))
    // Off by 1e-12 relative to the update: a match.
    #expect(matches([0.5], [0.5 + 0.25 * (1 + 1e-12)], [0.5 + 0.25]))
    // A NaN replay matches nothing.
    #expect(!matches([1], [2], [.nan]))
  }

  @Test("Reading stops at the first non-finite value, which is the divergence step")
  func divergence() throws {
    var lines = Self.trace(rule: .original, steps: 10).split(separator: "\n").map(String.init)
    lines[7] = lines[7].replacingOccurrences(of: "\"w1\":[", with: "\"w1\":[NaN,")
      .replacingOccurrences(of: #"\[NaN,[^,]*,"#, with: "[NaN,", options: .regularExpression)
    lines[9] = "not read"
    let diagnosis = try Self.diagnose(lines.joined(separator: "\n"))
    #expect(diagnosis.divergedAtStep == 7)
    #expect(diagnosis.divergedAtLine == 8)
    #expect(diagnosis.steps == 6)
    #expect(diagnosis.verdict == .follows(.original))
  }

  @Test("A trace that diverges at its first step has nothing to compare")
  func divergesAtOnce() throws {
    var lines = Self.trace(rule: .original, steps: 2).split(separator: "\n").map(String.init)
    lines[1] = lines[1].replacingOccurrences(
      of: #""b2":[^}]*"#, with: "\"b2\":null", options: .regularExpression)
    let diagnosis = try Self.diagnose(lines.joined(separator: "\n"))
    #expect(diagnosis.divergedAtStep == 1)
    #expect(diagnosis.verdict == .nothingCompared)
    #expect(!diagnosis.verdict.followsCorrectGradient)
  }

  @Test("Bad traces: the line and the problem")
  func problems() {
    let header = #"{"eta":0.1,"w1":[0.5],"w2":[0.75]}"#
    let cases: [(String, TraceProblem)] = [
      ("", TraceProblem(line: nil, "it is empty")),
      (header, TraceProblem(line: nil, "it holds no step after line 1")),
      (
        header + "\n" + #"{"x":1,"y":2,"w1":[1],"w2":[2,3]}"#,
        TraceProblem(
          line: 2, "the arrays have different lengths: w2 holds 2 numbers, line 1 1")
      ),
      (
        "\n" + header,
        TraceProblem(line: 2, "line 1 is blank; it must hold eta, w1, w2, b1 and b2")
      ),
      (
        header + "\n" + #"{"x":1,"y":2,"w1":[1],"w2":[2],"b1":[0]}"#,
        TraceProblem(line: 2, "b1 is not null, and line 1 has no biases")
      ),
    ]
    for (text, expected) in cases {
      #expect(throws: expected) { try Self.diagnose(text) }
    }
    var small = TraceDiagnoser(byteLimit: 10)
    #expect(throws: TraceProblem(line: nil, "it is larger than 10 bytes")) {
      try Array(header.utf8).withUnsafeBufferPointer { (bytes) throws(TraceProblem) in
        _ = try small.consume(bytes)
      }
    }
  }

  @Test("Another optimizer or activation, or a batch over 1, is refused at line 1, before any step")
  func unsupportedSettings() {
    let header = #"{"eta":0.1,"w1":[0.5],"w2":[0.75]}"#
    // What sinetui cannot replay is refused at line 1, before any step, rather than diagnosed
    // wrongly; the target does not matter, since each step's samples are the trace's own.
    let step = #"{"x":1,"y":2,"w1":[1],"w2":[2]}"#
    let refused: [(String, String)] = [
      (
        #""optimizer":"adam""#,
        "optimizer is adam; diagnose follows plain gradient descent (sgd) only"
      ),
      (
        #""optimizer":"momentum""#,
        "optimizer is momentum; diagnose follows plain gradient descent (sgd) only"
      ),
      (#""activation":"tanh""#, "activation is tanh; diagnose follows sigmoid units only"),
      (#""activation":"relu""#, "activation is relu; diagnose follows sigmoid units only"),
      (#""batch":4"#, "batch is 4; diagnose follows one sample per step (batch 1) only"),
    ]
    for (member, message) in refused {
      let line = "{" + member + "," + header.dropFirst()
      #expect(throws: TraceProblem(line: 1, message)) { try Self.diagnose(line) }
      #expect(throws: TraceProblem(line: 1, message)) { try Self.diagnose(line + "\n" + step) }
    }
    let accepted =
      #"{"optimizer":"sgd","activation":"sigmoid","batch":1,"target":"square","#
      + header.dropFirst()
    #expect(throws: Never.self) { try Self.diagnose(accepted + "\n" + step) }
  }

  @Test(
    "The plain-language verdict for the original program quotes its lines and the corrected ones")
  func seedVerdict() throws {
    let diagnosis = try Self.diagnose(Self.trace(rule: .original, biases: false))
    #expect(
      diagnosis.explanation.dropFirst() == [
        "the original program's lines:",
        "  error_wrt_layer2_weights = (y - layer3) * sigmoid(layer2)",
        "  error_wrt_layer1_weights = (y - layer3) * layer2_weights * sigmoid_deriv(sigmoid(layer2)) * layer1",
        "the corrected lines:",
        "  error_wrt_layer2_weights = (layer3 - y) * sigmoid(layer2)",
        "  error_wrt_layer1_weights = (layer3 - y) * layer2_weights * sigmoid_deriv(layer2) * layer1",
      ])
  }

  @Test("A group that moves by a subnormal amount is diagnosed, not looped on")
  func subnormalUpdate() throws {
    let text = """
      {"eta": 0.01, "w1": [0.5], "w2": [1e-310]}
      {"x": 1.0, "y": 0.5, "w1": [0.5], "w2": [2e-310]}
      """
    let diagnosis = try Self.diagnose(text)
    let w2 = try #require(diagnosis.groups.first { $0.group == .w2 }?.firstUnexplained)
    #expect(w2.traced.count == 1 && w2.traced[0] > 0)
    #expect(diagnosis.explanation.count == 1)
  }

  /// The first unexplained step of `group`, which must have one.
  static func unexplained(_ diagnosis: Diagnosis, _ group: ParameterGroup) throws
    -> UnexplainedStep
  {
    try #require(diagnosis.groups.first { $0.group == group }?.firstUnexplained)
  }

  /// One step's comparison of `traced` with `correct`, updates from zero.
  static func step(traced: [Double], correct: [Double]) -> UnexplainedStep {
    UnexplainedStep(
      step: 1, line: 2, before: traced.map { _ in 0 }, traced: traced, correct: correct,
      range: traced.indices)
  }

  @Test("A replay that overflows matches nothing, not even a traced overflow")
  func overflowingReplay() {
    func matches(_ traced: Double, _ replayed: Double) -> Bool {
      [1.0].withUnsafeBufferPointer { b in
        [traced].withUnsafeBufferPointer { t in
          [replayed].withUnsafeBufferPointer { r in
            UpdateMatch.matches(before: b, traced: t, replayed: r, range: 0..<1, tolerance: 1e-9)
          }
        }
      }
    }
    #expect(!matches(2, .infinity))
    #expect(!matches(.infinity, .infinity))
    #expect(!matches(-.infinity, -.infinity))
    #expect(matches(2, 2))
  }

  @Test("A group that never moves is not updated, not a flipped sign and a wrong scale")
  func notUpdated() throws {
    let diagnosis = try Self.diagnose(
      Self.trace(rule: .correct) { before, after in
        after.storage.replaceSubrange(
          before.range(of: .w1), with: before.storage[before.range(of: .w1)])
      })
    let w1 = try Self.unexplained(diagnosis, .w1)
    #expect(w1.meaning == "the traced update is zero: the group is not updated")
  }

  @Test("One number's factor is a wrong scale only when it stays the same over several steps")
  func singleElement() throws {
    // Hidden 1, w1's update doubled: the factor 2 holds step after step, a wrong scale.
    let doubled = try Self.diagnose(
      Self.trace(rule: .correct, hidden: 1) { before, after in
        after.storage[0] = before.storage[0] + 2 * (after.storage[0] - before.storage[0])
      })
    let w1 = try Self.unexplained(doubled, .w1)
    #expect(w1.pattern == .constant(2))
    #expect(w1.meaning == "a wrong scale (η or a missing term)")
    // b2 is always one number: a factor of 3 too.
    let b2 = try Self.unexplained(
      Self.diagnose(
        Self.trace(rule: .correct) { before, after in
          after.storage[after.storage.count - 1] =
            before.storage[before.storage.count - 1] + 3
            * (after.storage[after.storage.count - 1] - before.storage[before.storage.count - 1])
        }), .b2)
    #expect(b2.pattern == .constant(3))
    // Hidden 1, w2's update times 2 + w2² (a wrong formula): the factor changes from step to
    // step.
    let squared = try Self.diagnose(
      Self.trace(rule: .correct, hidden: 1) { before, after in
        let w2 = before.storage[1]
        after.storage[1] = w2 + (after.storage[1] - w2) * (2 + w2 * w2)
      })
    let w2 = try Self.unexplained(squared, .w2)
    #expect(w2.pattern == .varying)
    // A single step shows one number only: not enough to say which.
    #expect(
      Self.step(traced: [2e-3], correct: [1e-3]).meaning
        == "one number's factor, at too few unexplained steps to tell a wrong scale from a "
        + "wrong formula")
    // A large traced update where the correct one is tiny is not left out of the comparison.
    #expect(
      UnexplainedStep.pattern(traced: [1e-3, 2e-3, 5e-1], correct: [1e-3, 2e-3, 1e-9])
        == .varying)
  }

  @Test("A float32 program's trace of the correct gradient follows the correct rule")
  func singlePrecision() throws {
    // The correct rule's step computed in Float, as TensorFlow does by default.
    var generator = Xoshiro256StarStar(seed: 7)
    let h = 5
    var w1 = (0..<h).map { _ in Float(generator.nextDouble(in: -1..<1)) }
    var w2 = (0..<h).map { _ in Float(generator.nextDouble(in: -1..<1)) }
    var b1 = (0..<h).map { _ in Float(generator.nextDouble(in: -1..<1)) }
    var b2: Float = 0
    let eta: Float = 0.01
    func line(_ head: String) -> String {
      func list(_ values: [Float]) -> String {
        values.map { "\(Double($0))" }.joined(separator: ",")
      }
      return "{\(head)\"w1\":[\(list(w1))],\"w2\":[\(list(w2))],\"b1\":[\(list(b1))],"
        + "\"b2\":\(Double(b2))}\n"
    }
    var text = line("\"eta\":\(Double(eta)),")
    for _ in 0..<100 {
      let x = Float(generator.nextDouble(in: 0..<15))
      let y = Float(sine(Double(x)))
      let s = (0..<h).map { Float(sigmoid(Double(w1[$0] * x + b1[$0]))) }
      let error = (0..<h).reduce(b2) { $0 + s[$1] * w2[$1] } - y
      let back = (0..<h).map { error * w2[$0] * s[$0] * (1 - s[$0]) }
      for i in 0..<h {
        w2[i] -= eta * error * s[i]
        w1[i] -= eta * back[i] * x
        b1[i] -= eta * back[i]
      }
      b2 -= eta * error
      text += line("\"x\":\(Double(x)),\"y\":\(Double(y)),")
    }
    let diagnosis = try Self.diagnose(text)
    #expect(diagnosis.verdict == .follows(.correct), "\(diagnosis.explanation)")
    // Updates off by a few parts in 10,000, more than Float's rounding: lower precision still.
    let step = Self.step(traced: [1.0004e-3, 0.9998e-3, 2.0001e-3], correct: [1e-3, 1e-3, 2e-3])
    #expect(step.meaning == "the correct update at lower precision")
  }

  @Test("Rules that a trace cannot tell apart are inconclusive, not the correct gradient")
  func inconclusive() throws {
    let diagnosis = try Self.diagnose(Self.trace(rule: .correct, eta: 1e-17))
    #expect(diagnosis.verdict == .fits([.correct, .doubleSigmoid]))
    #expect(!diagnosis.verdict.followsCorrectGradient)
    #expect(
      diagnosis.explanation == [
        "Inconclusive: the steps cannot tell rules correct and double-sigmoid apart (their "
          + "updates differ by less than the tolerance and the rounding allowance at every step: "
          + "the updates are too small, or the rules compute them alike here); both have no bug."
      ])
  }

  @Test("A UTF-8 byte order mark before line 1 is skipped, however the bytes are split")
  func byteOrderMark() throws {
    let text = Self.trace(rule: .original, steps: 5)
    for chunk in [1, 2, 4096] {
      #expect(try Self.diagnose("\u{FEFF}" + text, chunk: chunk) == (try Self.diagnose(text)))
    }
  }
}
