import Foundation
import TestSupport
import Testing

/// `diagnose` against traces that sinetui did not write.
///
/// Tests/Fixtures/tracegen/gen_traces.py, a NumPy program written from the catalog's formulas,
/// writes 284 traces with known bugs and their truth per group (`cases.json`), measured by removing
/// each bug from its program; its README says how. Every id of the catalog is there alone and in
/// pairs, for sigmoid, tanh and ReLU units, with and without biases, at batch 1 and 8, in float64
/// and float32, beside correct programs that look wrong and are not.
@Suite("diagnose names every bug of the catalog in traces from an independent generator")
struct DiagnoseCatalogTests {
  /// The generator's folder in the repository.
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/tracegen")

  /// The catalog's ids, in its order (docs/diagnose.md), which every list of bugs follows.
  static let catalog = [
    "flipped-sign", "sigmoid-of-sigmoid", "tanh-of-tanh", "derivative-of-pre-activation",
    "missing-activation-derivative", "derivative-of-upstream", "missing-outgoing-weight",
    "weight-gradient-for-weight", "updated-outgoing-weight", "output-for-input", "missing-input",
    "loss-for-error", "output-activation-derivative", "summed-bias-gradient", "not-updated",
    "wrong-scale", "lower-precision",
  ]

  /// One generated trace and its truth, as `cases.json` holds them.
  struct Case: Decodable {
    var file: String
    var category: String
    var activation: String
    var biases: Bool
    var batch: Int
    var float32: Bool
    /// The bugs of each group the network has.
    var bugs: [String: [String]]
    /// Their union.
    var top: [String]
    var correct: Bool
    /// wrong-scale's constant.
    var scale: Double?
    /// The first step whose loss or parameters are not finite.
    var divergedAtStep: Int?

    enum CodingKeys: String, CodingKey {
      case file, category, activation, biases, batch, float32, bugs, top, correct, scale
      case divergedAtStep = "diverged_at_step"
    }
  }

  /// The generated traces and their manifest: written by the generator the first time into the
  /// system's temporary folder, in a folder named after a hash of the generator's bytes, and
  /// reused while the generator is unchanged (it writes the same bytes every run; about 40 s).
  static let generated = Result<(URL, [Case]), any Error>(catching: {
    let script = fixtures.appendingPathComponent("gen_traces.py")
    let source = try Data(contentsOf: script)
    // FNV-1a, 64 bits: the folder changes whenever the generator does.
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in source { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("sinetui-tracegen-" + String(hash, radix: 16))
    let manifest = folder.appendingPathComponent("cases.json")
    if !FileManager.default.fileExists(atPath: manifest.path) {
      // Written beside, then renamed into place, so that no run reads a folder half-written.
      let partial = URL(fileURLWithPath: folder.path + ".\(getpid()).partial")
      let output = try BinaryRunner.shell(
        "python3 '\(script.path)' '\(partial.path)' 2>/dev/null; echo \"exit $?\"")
      guard output.hasSuffix("exit 0\n") else {
        throw GeneratorFailure(output: output)
      }
      if (try? FileManager.default.moveItem(at: partial, to: folder)) == nil {
        try? FileManager.default.removeItem(at: partial)
      }
    }
    let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: manifest))
    return (folder, cases)
  })

  struct GeneratorFailure: Error, CustomStringConvertible {
    var output: String
    var description: String { "gen_traces.py failed: \(output)" }
  }

  @Test(
    "Every generated trace is named exactly: each group's bugs, their union, the exit status, c",
    .enabled(if: Tools.runsNumPyTests, Tools.numPyMissing))
  func everyCase() throws {
    let (folder, cases) = try Self.generated.get()
    #expect(cases.count == 284)
    // Two at a time, one per core; the problems are recorded afterwards, on the test's own task.
    let problems = LockedList()
    DispatchQueue.concurrentPerform(iterations: 2) { half in
      for index in stride(from: half, to: cases.count, by: 2) {
        for problem in Self.check(cases[index], in: folder) {
          problems.append("\(cases[index].file): \(problem)")
        }
      }
    }
    for problem in problems.items.sorted() { Issue.record(Comment(rawValue: problem)) }
  }

  /// What is wrong with `diagnose --json`'s answer for `entry`, or nothing.
  static func check(_ entry: Case, in folder: URL) -> [String] {
    let path = folder.appendingPathComponent(entry.file).path
    guard let result = try? BinaryRunner.run(["diagnose", "--json", path]),
      let object = try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8))
        as? [String: Any],
      let groups = object["groups"] as? [[String: Any]]
    else { return ["no JSON answer"] }
    var problems: [String] = []
    let expectedStatus: Int32 = entry.correct ? 0 : 1
    if result.status != expectedStatus {
      problems.append("exit \(result.status), expected \(expectedStatus)")
    }
    var named: [String: [String]] = [:]
    for group in groups {
      guard let name = group["group"] as? String, let bugs = group["bugs"] as? [String] else {
        problems.append("a group without a name or bugs")
        continue
      }
      named[name] = bugs
      if bugs != Self.catalog.filter(bugs.contains) {
        problems.append("\(name)'s bugs \(bugs) are not in catalog order")
      }
      if let c = entry.scale, bugs.contains("wrong-scale") {
        let scale = group["scale"] as? Double ?? .nan
        if !((scale - c).magnitude <= 1e-6 * c.magnitude) {
          problems.append("\(name)'s scale is \(scale), not \(c)")
        }
      }
    }
    for (group, truth) in entry.bugs where Set(named[group] ?? ["(no group)"]) != Set(truth) {
      problems.append("\(group): \(named[group] ?? []), the truth \(truth)")
    }
    if Set(named.keys) != Set(entry.bugs.keys) {
      problems.append("groups \(named.keys.sorted()), the truth's \(entry.bugs.keys.sorted())")
    }
    let top = object["bugs"] as? [String] ?? []
    if top != Self.catalog.filter(Set(entry.top).contains) {
      problems.append("bugs \(top), the truth \(entry.top)")
    }
    if object["followsCorrectGradient"] as? Bool != entry.correct {
      problems.append("followsCorrectGradient is not \(entry.correct)")
    }
    problems += Self.checkFindings(object, entry: entry)
    if (object["divergedAtStep"] as? Int) != entry.divergedAtStep {
      problems.append(
        "divergedAtStep \(object["divergedAtStep"] ?? "-"), the truth's "
          + "\(entry.divergedAtStep.map(String.init) ?? "none")")
    }
    return problems
  }

  /// What each bug does to learning, as the catalog says (docs/diagnose.md); not-updated and
  /// wrong-scale depend on the groups and the constant.
  static let consequences: [String: String] = [
    "flipped-sign": "stops learning", "sigmoid-of-sigmoid": "stops learning",
    "tanh-of-tanh": "slows learning", "derivative-of-pre-activation": "stops learning",
    "missing-activation-derivative": "slows learning", "derivative-of-upstream": "stops learning",
    "missing-outgoing-weight": "stops learning", "weight-gradient-for-weight": "stops learning",
    "updated-outgoing-weight": "still converges", "output-for-input": "stops learning",
    "missing-input": "stops learning", "loss-for-error": "stops learning",
    "output-activation-derivative": "stops learning", "summed-bias-gradient": "slows learning",
    "lower-precision": "still converges",
  ]

  /// What is wrong with the verdict's findings in `diagnose --json`'s answer `object` for
  /// `entry`: one finding for each bug of the truth (one per constant for a wrong scale), naming
  /// the groups that show it, what the code computes, a corrected line and what it does to
  /// learning.
  static func checkFindings(_ object: [String: Any], entry: Case) -> [String] {
    guard let findings = object["findings"] as? [[String: Any]] else { return ["no findings"] }
    var problems: [String] = []
    var shown: [String: Set<String>] = [:]
    for finding in findings {
      guard let bug = finding["bug"] as? String, let groups = finding["groups"] as? [String],
        let computes = finding["computes"] as? String, let fix = finding["fix"] as? String,
        let effect = finding["effect"] as? String,
        let consequence = finding["consequence"] as? String
      else {
        problems.append("a finding without bug, groups, computes, fix, effect or consequence")
        continue
      }
      shown[bug, default: []].formUnion(groups)
      if computes.isEmpty || fix.isEmpty || !effect.hasPrefix(consequence) {
        problems.append("\(bug)'s advice: '\(computes)', '\(fix)', '\(effect)'")
      }
      let expected: String? =
        switch bug {
        case "not-updated":
          Set(groups).isSuperset(of: ["w1", "w2"]) ? "stops learning" : "slows learning"
        case "wrong-scale":
          ((finding["scale"] as? Double)?.magnitude ?? 0) > 1
            ? "still converges" : "slows learning"
        default: Self.consequences[bug]
        }
      if consequence != expected {
        problems.append("\(bug): '\(consequence)', the catalog's '\(expected ?? "-")'")
      }
    }
    var truth: [String: Set<String>] = [:]
    for (group, bugs) in entry.bugs {
      for bug in bugs { truth[bug, default: []].insert(group) }
    }
    if shown != truth {
      problems.append("findings \(shown), the truth \(truth)")
    }
    return problems
  }

  @Test(
    "The verdict names each bug's groups, what the code computes, the fix and the effect",
    .enabled(if: Tools.runsNumPyTests, Tools.numPyMissing))
  func verdictText() throws {
    let (folder, cases) = try Self.generated.get()
    // One case of each id alone, sigmoid or tanh, with biases at batch 1: the text is written
    // from the same findings as --json, each under its own line.
    var seen: Set<String> = []
    for entry in cases where entry.top.count == 1 && entry.biases && entry.batch == 1 {
      guard let id = entry.top.first, !seen.contains(id), entry.activation != "relu" else {
        continue
      }
      seen.insert(id)
      let path = folder.appendingPathComponent(entry.file).path
      let text = try BinaryRunner.run(["diagnose", path])
      let json = try BinaryRunner.run(["diagnose", "--json", path])
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
      let findings = try #require(object["findings"] as? [[String: Any]])
      #expect(findings.count == 1, "\(entry.file)")
      for finding in findings {
        let groups = (finding["groups"] as? [String] ?? []).joined(separator: ", ")
        let named = groups.replacingOccurrences(
          of: ", ([a-z0-9]+)$", with: " and $1", options: .regularExpression)
        let lines = [
          "\(id) in \(named): \(finding["computes"] as? String ?? "?").",
          "  fix:    \(finding["fix"] as? String ?? "?")",
          "  effect: \(finding["effect"] as? String ?? "?").",
        ]
        let output = text.standardOutput.split(separator: "\n").map(String.init)
        let start = try #require(output.firstIndex(of: lines[0]), "\(entry.file): \(output)")
        #expect(Array(output[start..<min(start + 3, output.count)]) == lines, "\(entry.file)")
        #expect(text.status == 1)
      }
    }
    #expect(seen == Set(Self.catalog), "\(Set(Self.catalog).subtracting(seen))")
  }

  @Test(
    "The cases cover every id alone and in pairs, each activation, batches, float32 and look-alikes",
    .enabled(if: Tools.runsNumPyTests, Tools.numPyMissing))
  func coverage() throws {
    let (_, cases) = try Self.generated.get()
    for id in Self.catalog {
      // Alone: a case whose only bug is this one, in float64 for sigmoid and for tanh where it
      // applies, with and without biases (the summed bias gradient needs them), at batch 1 and
      // 8; and in float32 (lower-precision is a float32 program in a float64 trace).
      let alone = cases.filter { $0.top == [id] }
      #expect(!alone.isEmpty, "\(id) alone")
      for activation in ["sigmoid", "tanh"]
      where !(id == "sigmoid-of-sigmoid" && activation == "tanh")
        && !(id == "tanh-of-tanh" && activation == "sigmoid")
      {
        for biases in [true, false] where biases || id != "summed-bias-gradient" {
          for batch in [1, 8] {
            #expect(
              alone.contains {
                $0.activation == activation && $0.biases == biases && $0.batch == batch
                  && !$0.float32
              }, "\(id) alone on \(activation), biases \(biases), batch \(batch)")
          }
        }
      }
      if id != "lower-precision" {
        #expect(alone.contains { $0.float32 }, "\(id) alone in float32")
      }
      // In a pair with another.
      #expect(cases.contains { $0.top.count == 2 && $0.top.contains(id) }, "\(id) in a pair")
    }
    // Correct traces of every activation, ReLU too, with and without biases, at batch 1 and 8,
    // in float64 and float32.
    for activation in ["sigmoid", "tanh", "relu"] {
      for biases in [true, false] {
        for batch in [1, 8] {
          for float32 in [false, true] {
            #expect(
              cases.contains {
                $0.category == "correct" && $0.correct && $0.activation == activation
                  && $0.biases == biases && $0.batch == batch && $0.float32 == float32
              },
              "a correct \(activation) trace, biases \(biases), batch \(batch), float32 \(float32)")
          }
        }
      }
    }
    for id in Self.catalog where !["sigmoid-of-sigmoid", "tanh-of-tanh"].contains(id) {
      #expect(cases.contains { $0.top.contains(id) && $0.batch > 1 }, "\(id) in a batch")
    }
    #expect(cases.filter { $0.activation == "relu" }.count >= 30)
    #expect(cases.filter { $0.float32 && !$0.correct }.count >= 30)
    #expect(cases.filter { $0.float32 && $0.correct }.count >= 10)
    #expect(cases.filter { !$0.biases }.count >= 60)
    // Correct programs written the way that looks wrong: `s*(1-s)` on s = σ(h), or
    // `err = y - yhat` with `w += lr*grad`.
    let lookAlikes = cases.filter { $0.category == "dont-cry-wolf" }
    #expect(lookAlikes.count >= 8)
    #expect(lookAlikes.allSatisfy { $0.correct })
    #expect(cases.contains { $0.divergedAtStep != nil })
  }

  @Test(
    "The generator's traces pass its own second, standard-library check",
    .enabled(if: Tools.runsNumPyTests, Tools.numPyMissing))
  func generatorCheck() throws {
    let (folder, _) = try Self.generated.get()
    let checker = Self.fixtures.appendingPathComponent("check_cases.py")
    let output = try BinaryRunner.shell(
      "python3 '\(checker.path)' '\(folder.path)' 2>&1; echo \"exit $?\"")
    #expect(output.hasSuffix("exit 0\n"), "\(output)")
    #expect(output.contains("284/284 cases ok"), "\(output)")
  }
}

/// Strings appended by several threads.
final class LockedList: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [String] = []

  func append(_ item: String) {
    lock.lock()
    list.append(item)
    lock.unlock()
  }

  var items: [String] {
    lock.lock()
    defer { lock.unlock() }
    return list
  }
}
