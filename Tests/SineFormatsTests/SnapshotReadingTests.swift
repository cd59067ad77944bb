import SineNet
import Testing

@testable import SineFormats

/// Snapshots written by ``Snapshot/json`` and read back by ``Snapshot/init(json:)``, in-process.
@Suite("Snapshots: write, then read back")
struct SnapshotReadingTests {
  /// What `text` reads as.
  static func read(_ text: String) throws(SnapshotProblem) -> Snapshot {
    var text = text
    let result = text.withUTF8 { bytes in
      Result { () throws(SnapshotProblem) in try Snapshot(json: bytes) }
    }
    return try result.get()
  }

  @Test(
    "Every preset's snapshot reads back exactly, whole numbers past 2^53 included",
    arguments: [(Preset.bias, UInt64(7)), (.numpy, .max), (.tensorflow, 9_007_199_254_740_993)])
  func roundTrip(preset: Preset, seed: UInt64) throws {
    var trainer = Trainer(preset: preset, seed: seed, hidden: 3, rule: .doubleSigmoid, eta: 0.25)
    trainer.train(steps: 777)
    let snapshot = Snapshot(
      trainer: trainer,
      history: [(0, 0.5), (100, 1e-300), (777, .leastNonzeroMagnitude), (778, 0.1)])
    let read = try Self.read(snapshot.json)
    #expect(read == snapshot)
    #expect(read.seed == seed)
    // The generator's words are whole numbers up to 2^64 - 1, which a Double would round.
    #expect(read.generator == trainer.generator.state)
    #expect(read.generator.contains { $0 > 1 << 53 })
    let bits = { (snapshot: Snapshot) in
      (snapshot.w1 + snapshot.w2 + (snapshot.b1 ?? []) + [snapshot.b2 ?? 0, snapshot.eta]
        + snapshot.history.flatMap { $0 }).map(\.bitPattern)
    }
    #expect(bits(read) == bits(snapshot))
    #expect(read.problem == nil)
  }

  /// A valid snapshot's JSON members, in the layout's order, for the bad ones to change.
  static let members: [(String, String)] = [
    ("format", #""sinetui-snapshot""#), ("version", "1"), ("preset", #""numpy""#),
    ("rule", #""seed""#), ("eta", "0.01"), ("seed", "3"), ("hidden", "2"), ("step", "10"),
    ("w1", "[0.5,-0.25]"), ("w2", "[1,2]"), ("b1", "null"), ("b2", "null"),
    ("generator", "[1,2,3,4]"), ("history", "[[0,0.5],[10,0.25]]"),
  ]

  /// The snapshot's text with `changes` applied (nil removes the key).
  static func text(_ changes: [String: String?]) -> String {
    let members = Self.members.compactMap { key, value -> String? in
      let changed: String? = if let change = changes[key] { change } else { value }
      return changed.map { "\"\(key)\":\($0)" }
    }
    return "{" + members.joined(separator: ",") + "}"
  }

  @Test("A valid snapshot reads its values, and b1 and b2 may be null or absent")
  func values() throws {
    let snapshot = try Self.read(Self.text([:]))
    #expect(snapshot.preset == .numpy)
    // `seed` is the original program's rule under its name before version 2.
    #expect(snapshot.rule == .original)
    #expect(snapshot.w1 == [0.5, -0.25])
    #expect(snapshot.b1 == nil && snapshot.b2 == nil)
    #expect(snapshot.generator == [1, 2, 3, 4])
    #expect(snapshot.problem == nil)
    let absent = try Self.read(Self.text(["b1": String?.none, "b2": String?.none]))
    #expect(absent == snapshot)
    let whole = try Self.read(Self.text(["step": "1e3", "hidden": "2.0"]))
    #expect(whole.step == 1000 && whole.hidden == 2)
  }

  @Test(
    "A bad snapshot is one line: the first missing key, wrong type or value out of range",
    arguments: [
      (["format": String?.none], "the key 'format' is missing"),
      (["preset": nil, "eta": nil], "the key 'preset' is missing"),
      (["history": nil], "the key 'history' is missing"),
      (["eta": #""NaN""#], "'eta' has the wrong type"),
      (["eta": "null"], "'eta' has the wrong type"),
      (["hidden": #""2""#], "'hidden' has the wrong type"),
      (["w1": #"[0.5,"0.25"]"#], "'w1.Index 1' has the wrong type"),
      (["w1": "0.5"], "'w1' has the wrong type"),
      (["b1": "[0.5,true]"], "'b1.Index 1' has the wrong type"),
      (["history": "[[0,0.5],[1,null]]"], "'history.Index 1.Index 1' has the wrong type"),
      (["preset": #""bogus""#], "'preset' has a value it cannot have"),
      (["rule": #""wrong""#], "'rule' has a value it cannot have"),
      (
        ["generator": "[-1,2,3,4]"],
        "a number in it is out of range for its key: 'generator.Index 0' holds -1"
      ),
      (
        ["generator": "[18446744073709551616,2,3,4]"],
        "a number in it is out of range for its key: 'generator.Index 0' holds "
          + "18446744073709551616"
      ),
      (["step": "1e300"], "a number in it is out of range for its key: 'step' holds 1e300"),
      (
        ["step": "9223372036854775808"],
        "a number in it is out of range for its key: 'step' holds 9223372036854775808"
      ),
      (["seed": "-1"], "a number in it is out of range for its key: 'seed' holds -1"),
      (["hidden": "2.5"], "'hidden' holds 2.5, not a whole number"),
    ] as [([String: String?], String)])
  func bad(changes: [String: String?], message: String) {
    #expect(throws: SnapshotProblem(message)) { try Self.read(Self.text(changes)) }
  }

  @Test("Text that is not a JSON object is not a snapshot, nor a number beyond a Double")
  func notAnObject() {
    let text = Self.text(["eta": "1e999"])
    let start = text.firstRange(of: "1e999")?.lowerBound ?? text.startIndex
    let byte = text.utf8.distance(from: text.startIndex, to: start) + 1
    #expect(
      throws: SnapshotProblem(
        "it is not JSON it can read: the number 1e999 is beyond a Double (byte \(byte))")
    ) { try Self.read(text) }
    #expect(throws: SnapshotProblem("it is not a sinetui snapshot: the JSON is not an object")) {
      try Self.read("[1,2]")
    }
    #expect(throws: SnapshotProblem("it is not JSON it can read: it is empty")) {
      try Self.read("")
    }
  }
}
