import SineNet
import Testing

@testable import SineFormats

/// Line 1's settings (activation, optimizer, batch, target, rule) and steps on mini-batches,
/// written by ``TraceEncoder`` and read back by ``TraceDecoder``, in-process.
@Suite("Trace format: settings and mini-batches")
struct TraceSettingsTests {
  /// A trace with `settings` of `steps` steps on batches of random samples, each step leaving a
  /// network of random parameters; its text and what it should read back as.
  static func written(
    _ settings: TraceSettings, hidden: Int, biases: Bool, steps: Int, seed: UInt64
  )
    -> (text: String, header: TraceHeader, steps: [TracedStep])
  {
    var generator = Xoshiro256StarStar(seed: seed)
    let start = Network(hidden: hidden, biases: biases, using: &generator)
    var lines = [TraceEncoder.header(settings, network: start)]
    var traced: [TracedStep] = []
    for _ in 0..<steps {
      // Any bits at all, so that the round trip is tested on every kind of double.
      let samples = (0..<settings.batch).map { _ in
        Sample(x: randomFinite(&generator), y: randomFinite(&generator))
      }
      let network = Network(hidden: hidden, biases: biases, using: &generator)
      lines.append(TraceEncoder.step(samples: samples, network: network))
      traced.append(TracedStep(samples: samples, network: network))
    }
    let header = TraceHeader(
      eta: settings.eta, network: start, presetName: settings.preset.rawValue,
      ruleName: settings.rule.rawValue, activation: settings.activation,
      optimizer: settings.optimizer, batch: settings.batch, target: settings.target)
    return (lines.joined(separator: "\n") + "\n", header, traced)
  }

  /// A finite double from random bits.
  static func randomFinite(_ generator: inout Xoshiro256StarStar) -> Double {
    while true {
      let value = Double(bitPattern: generator.next())
      if value.isFinite { return value }
    }
  }

  /// The bits of every sample and parameter of `steps`.
  static func bits(_ steps: [TracedStep]) -> [UInt64] {
    steps.flatMap { step in
      step.samples.flatMap { [$0.x.bitPattern, $0.y.bitPattern] }
        + step.network.withParameters { $0.map(\.bitPattern) }
    }
  }

  // MARK: - Round trips

  @Test(
    "Every activation, optimizer, target and batch size reads back bit for bit",
    arguments: [
      (Activation.sigmoid, Optimizer.sgd, 1, Target.sin, 1),
      (.tanh, .momentum, 2, .square, 5),
      (.relu, .adam, 16, .kink, 4096),
      (.sigmoid, .adam, 3, .bump, 7),
      (.tanh, .sgd, 64, .sawtooth, 1 << 16),
    ])
  func roundTrip(
    activation: Activation, optimizer: Optimizer, batch: Int, target: Target, chunk: Int
  ) throws {
    let settings = TraceSettings(
      rule: .doubleSigmoid, eta: 0.003, preset: .numpy, seed: 17, activation: activation,
      optimizer: optimizer, batch: batch, target: target)
    for biases in [false, true] {
      let (text, header, steps) = Self.written(
        settings, hidden: 3, biases: biases, steps: 30, seed: UInt64(batch))
      let (read, readSteps) = try TraceRoundTripTests.read(text, chunk: chunk)
      #expect(read == header)
      #expect(read?.rule == .doubleSigmoid)
      #expect(readSteps == steps)
      #expect(Self.bits(readSteps) == Self.bits(steps))
      #expect(readSteps.allSatisfy { $0.samples.count == batch })
    }
  }

  @Test("Line 1 always names every setting; a trainer's are the original program's")
  func trainerHeader() throws {
    let trainer = Trainer(preset: .tensorflow, seed: 4, hidden: 2, rule: .sign, eta: 0.5)
    let line = TraceEncoder.header(trainer)
    #expect(line == TraceEncoder.header(TraceSettings(trainer), network: trainer.network))
    #expect(
      line.hasPrefix(
        #"{"rule":"sign","eta":0.5,"preset":"tensorflow","seed":4,"hidden":2,"#
          + #""activation":"sigmoid","optimizer":"sgd","batch":1,"target":"sin","w1":["#))
    let (header, _) = try TraceRoundTripTests.read(line + "\n", chunk: 100)
    #expect(header?.activation == .sigmoid)
    #expect(header?.optimizer == .sgd)
    #expect(header?.batch == 1)
    #expect(header?.target == .sin)
  }

  @Test("A single-sample step writes numbers; a batch, arrays")
  func stepLines() {
    let network = Network(w1: [1], w2: [2])
    let one = [Sample(x: 0.5, y: -1)]
    #expect(
      TraceEncoder.step(samples: one, network: network)
        == #"{"x":0.5,"y":-1.0,"w1":[1.0],"w2":[2.0],"b1":null,"b2":null}"#)
    #expect(TraceEncoder.step(samples: one, network: network) == TraceEncoder.step(one[0], network))
    let two = one + [Sample(x: 2, y: 0)]
    #expect(
      TraceEncoder.step(samples: two, network: network)
        == #"{"x":[0.5,2.0],"y":[-1.0,0.0],"w1":[1.0],"w2":[2.0],"b1":null,"b2":null}"#)
  }

  // MARK: - Traces written before

  @Test("A trace without the new keys reads exactly as before, with the original settings")
  func oldTraces() throws {
    let text =
      #"{"rule":"seed","eta":0.01,"preset":"numpy","seed":3,"hidden":1,"w1":[0.5],"w2":[1]}"#
      + "\n" + #"{"x":1,"y":0.5,"w1":[0.25],"w2":[0.75]}"# + "\n"
    let (header, steps) = try TraceRoundTripTests.read(text, chunk: 9)
    #expect(
      header
        == TraceHeader(
          eta: 0.01, network: Network(w1: [0.5], w2: [1]), presetName: "numpy", ruleName: "seed"))
    // `seed` is the original program's rule under its name before version 2.
    #expect(header?.rule == .original)
    #expect(
      steps == [TracedStep(sample: Sample(x: 1, y: 0.5), network: Network(w1: [0.25], w2: [0.75]))])
    let (unknown, _) = try TraceRoundTripTests.read(
      #"{"rule":"mine","eta":1,"w1":[1],"w2":[1]}"# + "\n", chunk: 100)
    #expect(unknown?.ruleName == "mine")
    #expect(unknown?.rule == nil)
  }

  @Test("With a batch of 1, x and y may be one-element arrays")
  func oneElementArrays() throws {
    let header = #"{"eta":1,"batch":1,"w1":[1],"w2":[1]}"#
    let (_, plain) = try TraceRoundTripTests.read(
      header + "\n" + #"{"x":2,"y":3,"w1":[4],"w2":[5]}"# + "\n", chunk: 100)
    let (_, arrays) = try TraceRoundTripTests.read(
      header + "\n" + #"{"x":[2],"y":[3],"w1":[4],"w2":[5]}"# + "\n", chunk: 100)
    #expect(plain == arrays)
    #expect(plain == [TracedStep(sample: Sample(x: 2, y: 3), network: Network(w1: [4], w2: [5]))])
  }

  // MARK: - Bad settings and batches

  static let start = #""eta":1,"w1":[1],"w2":[1]"#

  @Test(
    "A bad setting in line 1 is one line naming the value and what is accepted",
    arguments: [
      (#""activation":"softmax""#, "activation is 'softmax'; it must be sigmoid, tanh or relu"),
      (#""activation":"Sigmoid""#, "activation is 'Sigmoid'; it must be sigmoid, tanh or relu"),
      (
        #""activation":1"#,
        "activation is a number, not a name; it must be sigmoid, tanh or relu"
      ),
      (#""optimizer":"rmsprop""#, "optimizer is 'rmsprop'; it must be sgd, momentum or adam"),
      (#""optimizer":null"#, "optimizer is null, not a name; it must be sgd, momentum or adam"),
      (
        #""target":"cos""#,
        "target is 'cos'; it must be sin, square, kink, bump or sawtooth"
      ),
      (
        #""target":["sin"]"#,
        "target is a boolean, an object or an array, not a name; it must be sin, square, kink, "
          + "bump or sawtooth"
      ),
      // A control character is quoted escaped, never raw.
      (
        "\"activation\":\"\u{1B}[2J\"",
        #"activation is '\x1B[2J'; it must be sigmoid, tanh or relu"#
      ),
      (#""batch":0"#, "batch is 0.0; it must be a whole number in 1...65536"),
      (#""batch":-3"#, "batch is -3.0; it must be a whole number in 1...65536"),
      (#""batch":2.5"#, "batch is 2.5; it must be a whole number in 1...65536"),
      (#""batch":65537"#, "batch is 65537.0; it must be a whole number in 1...65536"),
      (#""batch":1e300"#, "batch is 1e+300; it must be a whole number in 1...65536"),
      (#""batch":NaN"#, "batch is nan; it must be a whole number in 1...65536"),
      (#""batch":Infinity"#, "batch is inf; it must be a whole number in 1...65536"),
      (#""batch":"4""#, "batch is a string, not a number; it must be a whole number in 1...65536"),
      (#""batch":[4]"#, "batch is an array, not a number; it must be a whole number in 1...65536"),
    ])
  func badSetting(member: String, message: String) {
    let text = "{" + Self.start + "," + member + "}\n"
    #expect(throws: TraceProblem(line: 1, message)) {
      _ = try TraceRoundTripTests.read(text, chunk: 100)
    }
  }

  @Test(
    "A step whose samples do not match line 1's batch is one line saying so",
    arguments: [
      (2, #""x":[1,2],"y":[3]"#, "y holds 1 numbers, and line 1's batch is 2"),
      (2, #""x":[1],"y":[3,4]"#, "x holds 1 numbers, and line 1's batch is 2"),
      (2, #""x":[1,2,3],"y":[3,4,5]"#, "x holds 3 numbers, and line 1's batch is 2"),
      (1, #""x":[1,2],"y":[3,4]"#, "x holds 2 numbers, and line 1's batch is 1"),
      (
        3, #""x":1,"y":[1,2,3]"#,
        "x is a number, and line 1's batch is 3; a step's x and y are arrays of 3 numbers"
      ),
      (2, #""x":"1","y":[3,4]"#, "x is a string, not an array"),
      (1, #""x":"1","y":2"#, "x is a string, not a number"),
      (2, #""y":[3,4]"#, "the key 'x' is missing"),
      (
        2, #""x":[1,Infinity],"y":[3,4]"#,
        "sample 2 of the batch (x, y) is not a pair of finite numbers"
      ),
      (
        2, #""x":[1,2],"y":[null,4]"#,
        "sample 1 of the batch (x, y) is not a pair of finite numbers"
      ),
      (1, #""x":[NaN],"y":[4]"#, "the sample (x, y) is not a pair of finite numbers"),
    ])
  func badBatch(batch: Int, samples: String, message: String) {
    let text =
      "{" + Self.start + #","batch":\#(batch)}"# + "\n{" + samples + #","w1":[1],"w2":[1]}"# + "\n"
    #expect(throws: TraceProblem(line: 2, message)) {
      _ = try TraceRoundTripTests.read(text, chunk: 100)
    }
  }
}
