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

  @Test(
    "Each of sinetui's rules is named by its bugs, and as that rule",
    arguments: GradientRule.allCases, [true, false])
  func eachRule(rule: GradientRule, biases: Bool) throws {
    let diagnosis = try Self.diagnose(Self.trace(rule: rule, biases: biases))
    #expect(diagnosis.verdict == (rule == .correct ? .correct : .bugs(rule.bugs)))
    #expect(diagnosis.rule == rule)
    #expect(diagnosis.rules == [rule])
    #expect(diagnosis.bugs == rule.bugs)
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
      #expect(group.alternatives.isEmpty)
      #expect(group.firstUnexplained == nil)
    }
  }

  @Test("Chunks of any size, down to one byte, give the same diagnosis", arguments: [1, 7, 4096])
  func chunking(chunk: Int) throws {
    let text = Self.trace(rule: .original, steps: 20)
    #expect(try Self.diagnose(text, chunk: chunk) == (try Self.diagnose(text)))
  }

  @Test("w2 and b2 have no slope: the rules with and without the slip explain them alike")
  func ties() throws {
    let diagnosis = try Self.diagnose(Self.trace(rule: .sign))
    let w2 = try #require(diagnosis.groups.first { $0.group == .w2 })
    #expect(w2.explainingRules == [.original, .sign])
    #expect(w2.bugs == [.flippedSign])
    #expect(w2.summary == "w2: flipped-sign, +η·e·a, on 50/50 steps")
    let w1 = try #require(diagnosis.groups.first { $0.group == .w1 })
    #expect(w1.explainingRules == [.sign])
    #expect(w1.summary == "w1: flipped-sign, +η·e·w2·a(1−a)·x, on 50/50 steps")
    let correct = try Self.diagnose(Self.trace(rule: .correct))
    #expect(
      correct.groups.map(\.summary) == [
        "w1: the correct gradient, −η·e·w2·a(1−a)·x, on 50/50 steps",
        "w2: the correct gradient, −η·e·a, on 50/50 steps",
        "b1: the correct gradient, −η·e·w2·a(1−a), on 50/50 steps",
        "b2: the correct gradient, −η·e, on 50/50 steps",
      ])
  }

  @Test("Groups with different bugs each name their own; the verdict is their union")
  func groupsDisagree() throws {
    let diagnosis = try Self.diagnose(Self.trace(rule: .correct, groupRules: [.w2: .sign]))
    #expect(diagnosis.verdict == .bugs([.flippedSign]))
    #expect(!diagnosis.verdict.followsCorrectGradient)
    #expect(diagnosis.groups.map(\.bugs) == [[], [.flippedSign], [], []])
    // No one of sinetui's rules explains every group.
    #expect(diagnosis.rules.isEmpty)
    #expect(diagnosis.rule == nil)
    #expect(diagnosis.label == "bugs: flipped-sign")
    #expect(
      diagnosis.explanation == [
        "The trace shows 1 bug: flipped-sign (w2).",
        "flipped-sign in w2: the parameters move by +η·gradient, uphill, as `err = y - yhat` "
          + "followed by `w -= lr * grad` does.",
        "  fix:    err = yhat - y    # the derivative of ½(yhat - y)², then w -= lr * grad in every "
          + "layer",
        "  effect: stops learning: the flipped groups climb the loss while the others descend it.",
      ])
  }

  @Test("A doubled η is a wrong scale with c = 2 in every group; a halved one c = 0.5")
  func scale() throws {
    for (claimed, factor) in [(0.005, 2.0), (0.02, 0.5)] {
      let text = Self.trace(rule: .correct).replacingOccurrences(
        of: "\"eta\":0.01,", with: "\"eta\":\(claimed),")
      let diagnosis = try Self.diagnose(text)
      #expect(diagnosis.verdict == .bugs([.wrongScale]))
      for group in diagnosis.groups {
        #expect(group.bugs == [.wrongScale])
        #expect(group.explanation?.scale == factor)
        #expect(group.firstUnexplained == nil)
      }
      #expect(diagnosis.findings.map(\.scale) == [factor])
    }
  }

  @Test("A wrong scale in one group is named there only, with its own constant")
  func scaleOfOneGroup() throws {
    let diagnosis = try Self.diagnose(
      Self.trace(rule: .correct) { before, after in
        for i in before.range(of: .w1) {
          after.storage[i] = before.storage[i] + 0.25 * (after.storage[i] - before.storage[i])
        }
      })
    #expect(diagnosis.groups.map(\.bugs) == [[.wrongScale], [], [], []])
    #expect(diagnosis.groups[0].explanation?.scale == 0.25)
    #expect(
      diagnosis.groups[0].summary
        == "w1: wrong-scale (c = 0.25), −0.25·η·e·w2·a(1−a)·x, on 50/50 steps")
  }

  @Test("Ratio patterns: -1 is a flipped sign; a factor that varies is a wrong formula")
  func patterns() {
    #expect(
      UnexplainedStep.pattern(traced: [-1e-3, 2e-3, -4e-8], correct: [1e-3, -2e-3, 5e-8])
        == .constant(-1))
    #expect(UnexplainedStep.pattern(traced: [1, 3], correct: [1, 2]) == .varying)
    #expect(UnexplainedStep.pattern(traced: [1, 3], correct: [0, 0]) == .undefined)
  }

  /// Whether the traced parameters match the replayed ones, from `before`, as a group's update:
  /// the difference of the updates against the allowance of the replayed update.
  static func matches(_ before: [Double], _ traced: [Double], _ replayed: [Double]) -> Bool {
    let match = UpdateMatch(tolerance: 1e-9, epsilon: .ulpOfOne)
    var difference = 0.0
    var update = 0.0
    for i in before.indices {
      let gap = ((traced[i] - before[i]) - (replayed[i] - before[i])).magnitude
      if !(gap <= difference) { difference = gap }
      update = max(update, (replayed[i] - before[i]).magnitude)
    }
    return match.allows(
      difference: difference, update: update, size: before.map(\.magnitude).max() ?? 0)
  }

  @Test("An update is compared relative to its own size, with a floor for rounding θ")
  func updateMatch() {
    func matches(_ before: [Double], _ traced: [Double], _ replayed: [Double]) -> Bool {
      Self.matches(before, traced, replayed)
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
    #expect(diagnosis.verdict == .bugs([.flippedSign, .sigmoidOfSigmoid]))
    #expect(diagnosis.rule == .original)
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

  @Test(
    "Another optimizer is refused at line 1, before any step; every activation and batch is read")
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
    ]
    for (member, message) in refused {
      let line = "{" + member + "," + header.dropFirst()
      #expect(throws: TraceProblem(line: 1, message)) { try Self.diagnose(line) }
      #expect(throws: TraceProblem(line: 1, message)) { try Self.diagnose(line + "\n" + step) }
    }
    for member in [
      #""optimizer":"sgd","activation":"sigmoid","batch":1,"target":"square""#,
      #""activation":"tanh""#, #""activation":"relu""#,
    ] {
      #expect(throws: Never.self) {
        try Self.diagnose("{" + member + "," + header.dropFirst() + "\n" + step)
      }
    }
    let batch = #"{"x":[1,2],"y":[2,3],"w1":[1],"w2":[2]}"#
    #expect(throws: Never.self) {
      try Self.diagnose(#"{"batch":2,"# + header.dropFirst() + "\n" + batch)
    }
  }

  @Test(
    "The plain-language verdict for the original program quotes its lines and the corrected ones")
  func seedVerdict() throws {
    let diagnosis = try Self.diagnose(Self.trace(rule: .original, biases: false))
    #expect(diagnosis.label == "follows rule original (both bugs)")
    #expect(
      diagnosis.explanation.first
        == "The trace shows 2 bugs: flipped-sign (w1, w2) and sigmoid-of-sigmoid (w1), the original "
        + "program's two.")
    #expect(
      diagnosis.explanation.suffix(6) == [
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

  /// One step's comparison of `traced` with `correct`.
  static func step(traced: [Double], correct: [Double]) -> UnexplainedStep {
    UnexplainedStep(step: 1, line: 2, traced: traced, correct: correct)
  }

  @Test("A replay that overflows matches nothing, not even a traced overflow")
  func overflowingReplay() {
    func matches(_ traced: Double, _ replayed: Double) -> Bool {
      Self.matches([1], [traced], [replayed])
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
    #expect(diagnosis.groups.map(\.bugs) == [[.notUpdated], [], [], []])
    #expect(diagnosis.groups[0].summary == "w1: not-updated, 0, on 50/50 steps")
    // The comparison with the correct update: the ratio a group that nothing explains shows.
    #expect(
      Self.step(traced: [0, 0], correct: [1e-3, 2e-3]).meaning
        == "the traced update is zero: the group is not updated")
  }

  @Test("One number's factor is a wrong scale only when it stays the same over every step")
  func singleElement() throws {
    // Hidden 1, w1's update doubled: the factor 2 holds step after step, a wrong scale.
    let doubled = try Self.diagnose(
      Self.trace(rule: .correct, hidden: 1) { before, after in
        after.storage[0] = before.storage[0] + 2 * (after.storage[0] - before.storage[0])
      })
    #expect(doubled.groups[0].bugs == [.wrongScale])
    #expect(doubled.groups[0].explanation?.scale == 2)
    // b2 is always one number: a factor of 3 too.
    let tripled = try Self.diagnose(
      Self.trace(rule: .correct) { before, after in
        after.storage[after.storage.count - 1] =
          before.storage[before.storage.count - 1] + 3
          * (after.storage[after.storage.count - 1] - before.storage[before.storage.count - 1])
      })
    #expect(tripled.groups.map(\.bugs) == [[], [], [], [.wrongScale]])
    #expect(tripled.groups[3].explanation?.scale == 3)
    // Hidden 1, w2's update times 2 + w2² (a wrong formula): the factor changes from step to
    // step, and no known bug explains it.
    let squared = try Self.diagnose(
      Self.trace(rule: .correct, hidden: 1) { before, after in
        let w2 = before.storage[1]
        after.storage[1] = w2 + (after.storage[1] - w2) * (2 + w2 * w2)
      })
    #expect(squared.verdict == .unexplained([.w2]))
    let w2 = try Self.unexplained(squared, .w2)
    #expect(w2.pattern == .varying)
    #expect(
      squared.explanation == [
        "No known bug explains the updates of w2. At step 1 the traced update of w2 is not a "
          + "constant multiple of the correct one: a wrong formula: the factor differs from "
          + "parameter to parameter or step to step."
      ])
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
    #expect(diagnosis.verdict == .correct, "\(diagnosis.explanation)")
    // Updates off by a few parts in 10,000, more than Float's rounding: lower precision still.
    let step = Self.step(traced: [1.0004e-3, 0.9998e-3, 2.0001e-3], correct: [1e-3, 1e-3, 2e-3])
    #expect(step.meaning == "the correct update at lower precision")
  }

  @Test("Updates too small to tell from their negatives are inconclusive, not the correct gradient")
  func inconclusive() throws {
    let diagnosis = try Self.diagnose(Self.trace(rule: .correct, eta: 1e-17))
    // b2 starts at 0, where even an update of 1e-19 is exact and tells its sign: it alone is
    // known to follow the correct gradient.
    #expect(diagnosis.verdict == .inconclusive([.w1, .w2, .b1]))
    #expect(diagnosis.groups.map(\.isInconclusive) == [true, true, true, false])
    #expect(!diagnosis.verdict.followsCorrectGradient)
    #expect(diagnosis.rule == nil)
    #expect(diagnosis.bugs.isEmpty)
    #expect(
      diagnosis.explanation == [
        "Inconclusive: the updates of w1, w2 and b1 are too small to tell the correct gradient "
          + "from its negative (below the rounding of the parameters); the other groups follow the "
          + "correct gradient."
      ])
    #expect(
      diagnosis.groups[0].summary
        == "w1: inconclusive: the updates are too small to tell the correct gradient from its "
        + "negative, on 50/50 steps")
  }

  @Test("A UTF-8 byte order mark before line 1 is skipped, however the bytes are split")
  func byteOrderMark() throws {
    let text = Self.trace(rule: .original, steps: 5)
    for chunk in [1, 2, 4096] {
      #expect(try Self.diagnose("\u{FEFF}" + text, chunk: chunk) == (try Self.diagnose(text)))
    }
  }
}
