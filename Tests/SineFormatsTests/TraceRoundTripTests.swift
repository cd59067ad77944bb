import Foundation
import SineNet
import Testing

@testable import SineFormats

/// The trace format written by ``TraceEncoder`` and read back by ``TraceDecoder``, in-process.
@Suite("Trace format: write, then read back")
struct TraceRoundTripTests {
  /// The lines of a `steps`-step run of `trainer`, as `train --trace` writes them, and the steps.
  static func written(_ trainer: Trainer, steps: Int) -> (text: String, steps: [TracedStep]) {
    var trainer = trainer
    var lines = [TraceEncoder.header(trainer)]
    var traced: [TracedStep] = []
    for _ in 0..<steps {
      guard let sample = trainer.step()?.first else { break }
      lines.append(TraceEncoder.step(sample, trainer.network))
      traced.append(TracedStep(sample: sample, network: trainer.network))
    }
    return (lines.joined(separator: "\n") + "\n", traced)
  }

  /// Everything `text` decodes to, fed in chunks of `chunk` bytes.
  static func read(_ text: String, chunk: Int) throws -> (TraceHeader?, [TracedStep]) {
    var decoder = TraceDecoder()
    var steps: [TracedStep] = []
    let bytes = Array(text.utf8)
    var start = 0
    while start < bytes.count {
      let end = min(start + chunk, bytes.count)
      try bytes[start..<end].withUnsafeBufferPointer { try decoder.append($0) }
      while try decoder.nextStep(), let step = decoder.step { steps.append(step.traced) }
      start = end
    }
    decoder.endInput()
    while try decoder.nextStep(), let step = decoder.step { steps.append(step.traced) }
    #expect(decoder.isAtEnd)
    return (decoder.header, steps)
  }

  @Test(
    "Every preset's run reads back bit for bit, in chunks of any size",
    arguments: [(Preset.bias, 1), (.numpy, 7), (.tensorflow, 4096)])
  func roundTrip(preset: Preset, chunk: Int) throws {
    let trainer = Trainer(preset: preset, seed: 3, hidden: 5, rule: .sign, eta: 0.3)
    let (text, steps) = Self.written(trainer, steps: 50)
    let (header, read) = try Self.read(text, chunk: chunk)
    let expected = TraceHeader(
      eta: 0.3, network: trainer.network, presetName: preset.rawValue, ruleName: "sign")
    #expect(header == expected)
    #expect(header?.rule == .sign)
    #expect(read == steps)
    // Bit for bit, not merely equal: -0 and 0 are equal but differ in their bits.
    let bits = { (steps: [TracedStep]) in
      steps.flatMap { $0.network.withParameters { $0.map(\.bitPattern) } }
    }
    #expect(bits(read) == bits(steps))
  }

  @Test("A diverged step's non-finite parameters are written as null and read as not finite")
  func divergence() throws {
    let trainer = Trainer(preset: .numpy, seed: 1, rule: .original, eta: 10)
    let (text, steps) = Self.written(trainer, steps: 2000)
    let last = try #require(steps.last)
    #expect(!last.network.isFinite)
    let (_, read) = try Self.read(text, chunk: 1 << 16)
    #expect(read.count == steps.count)
    #expect(read.dropLast() == steps.dropLast())
    #expect(read.last.map { !$0.network.isFinite } == true)
  }

  @Test("A byte order mark, CRLF line ends, blank lines and a last line without a newline")
  func lineSplitting() throws {
    let text =
      "\u{FEFF}{\"eta\": 0.5, \"w1\": [1], \"w2\": [2], \"b1\": null}\r\n\r\n"
      + "{\"x\": 1, \"y\": 0, \"w1\": [3], \"w2\": [4], \"b2\": null}\r\n\n"
      + "{\"x\": 2, \"y\": 1, \"w1\": [5], \"w2\": [6]}"
    let (header, steps) = try Self.read(text, chunk: 3)
    #expect(header?.eta == 0.5)
    #expect(header?.network == Network(w1: [1], w2: [2]))
    #expect(
      steps == [
        TracedStep(sample: Sample(x: 1, y: 0), network: Network(w1: [3], w2: [4])),
        TracedStep(sample: Sample(x: 2, y: 1), network: Network(w1: [5], w2: [6])),
      ])
  }

  @Test("Lines and files over their limits, and a blank line 1, are refused with their line")
  func limits() throws {
    var decoder = TraceDecoder(byteLimit: 10)
    #expect(throws: TraceProblem(line: nil, "it is larger than 10 bytes")) {
      try Array("{\"eta\": 1.0}".utf8).withUnsafeBufferPointer { try decoder.append($0) }
    }
    var long = TraceDecoder()
    let line = [UInt8](repeating: UInt8(ascii: " "), count: TraceDecoder.lineLimit + 1)
    try line.withUnsafeBufferPointer { try long.append($0) }
    #expect(throws: TraceProblem(line: 1, "the line is longer than 1 MiB")) {
      _ = try long.nextStep()
    }
    #expect(
      throws: TraceProblem(line: 2, "line 1 is blank; it must hold eta, w1, w2, b1 and b2")
    ) {
      _ = try Self.read("\n{\"eta\": 1, \"w1\": [1], \"w2\": [1]}\n", chunk: 100)
    }
  }

  @Test("The key names are the ones the format documents, and only those are read")
  func keys() {
    #expect(
      TraceKey.allCases.map(\.rawValue) == [
        "w1", "w2", "b1", "b2", "eta", "rule", "preset", "seed", "hidden", "activation",
        "optimizer", "batch", "target", "x", "y", "optimizerState",
      ])
    #expect(TraceKey.OptimizerStateKey.allCases.map(\.rawValue) == ["step", "m", "v"])
    #expect(ParameterGroup.allCases.map { TraceKey($0).rawValue } == ["w1", "w2", "b1", "b2"])
    #expect(
      TraceKey.allCases.filter(\.isRead).map(\.rawValue).sorted() == [
        "b1", "b2", "batch", "eta", "hidden", "w1", "w2", "x", "y",
      ])
    // Tables are indexed by key: the index is the position, and every name finds its key.
    #expect(TraceKey.all.map(\.index) == Array(TraceKey.all.indices))
    for key in TraceKey.allCases {
      var name = key.rawValue
      #expect(name.withUTF8 { TraceKey(utf8: $0) } == key)
      for other in [name + "x", String(name.dropLast()), name.uppercased(), "\\" + name] {
        var other = other
        #expect(other.withUTF8 { TraceKey(utf8: $0) } == nil, "\(other)")
      }
    }
  }

  @Test("Doubles read back bit for bit, and only JSON's number grammar is accepted")
  func numbers() throws {
    var generator = Xoshiro256StarStar(seed: 5)
    for _ in 0..<2000 {
      let value = Double(bitPattern: generator.next())
      guard value.isFinite else { continue }
      #expect(TraceLineParser.number("\(value)")?.bitPattern == value.bitPattern, "\(value)")
    }
    for text in ["5e-324", "-0.0", "1.7976931348623157e308", "0.1", "1E+2", "-3e-5"] {
      #expect(TraceLineParser.number(text) == Double(text), "\(text)")
    }
    #expect(TraceLineParser.number("1e999") == .infinity)
    #expect(TraceLineParser.number("NaN")?.isNaN == true)
    #expect(TraceLineParser.number("-Infinity") == -.infinity)
    for text in ["01", "1.", ".5", "+1", "1e", "inf", "nan", "0x10", "1_000", "", "-"] {
      #expect(TraceLineParser.number(text) == nil, "\(text)")
    }
    // A token is the run of bytes a number or a word can be made of.
    let tokenBytes = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+-.".utf8)
    for byte in UInt8.min...UInt8.max {
      #expect(TraceLineParser.isTokenByte(byte) == tokenBytes.contains(byte), "\(byte)")
    }
  }

  @Test("A run continued with an optimizer's memory writes it in line 1; a fresh run does not")
  func optimizerMemory() throws {
    var trainer = Trainer(preset: .numpy, seed: 2, hidden: 3, optimizer: .adam)
    #expect(!TraceEncoder.header(trainer).contains("optimizerState"))
    trainer.train(steps: 4)
    let line = TraceEncoder.header(trainer)
    // Read with our own JSON reader: Foundation's loses the last bits of doubles on Linux.
    let root = try Array(line.utf8).withUnsafeBufferPointer { try JSONReader.read($0) }
    guard case .object(let memory)? = root["optimizerState"] else {
      Issue.record("no optimizerState in \(line)")
      return
    }
    func values(_ key: String) -> [Double]? {
      guard case .array(let nodes)? = memory.first(where: { $0.key == key })?.value else {
        return nil
      }
      return nodes.compactMap { if case .number(let n) = $0 { n.double } else { nil } }
    }
    let step = memory.first { $0.key == "step" }.flatMap {
      if case .number(let n) = $0.value { n.double } else { nil }
    }
    #expect(step == 4)
    #expect(values("m") == trainer.optimizerState.first)
    #expect(values("v") == trainer.optimizerState.second)
    // Readers skip it: line 1 still reads as the same header.
    let (header, _) = try Self.read(line + "\n", chunk: 7)
    #expect(header?.network == trainer.network)
  }
}
