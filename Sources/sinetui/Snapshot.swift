import ArgumentParser
import CSystem
import Foundation
import SineFormats
import SineNet
import SineUI

/// A run saved to a file: its settings, step, parameters, random state and loss history, enough
/// to go on exactly as if it had never stopped.
struct Snapshot: Codable {
  /// What the file is, so that other JSON is told apart.
  var format = Self.formatName
  /// The layout's version.
  var version = 1
  var preset: Preset
  var rule: GradientRule
  var eta: Double
  var seed: UInt64
  var hidden: Int
  var step: Int
  var w1: [Double]
  var w2: [Double]
  var b1: [Double]?
  var b2: Double?
  /// The sample generator's four state words.
  var generator: [UInt64]
  /// The loss history as [step, mse] pairs, oldest first.
  var history: [[Double]]

  static let formatName = "sinetui-snapshot"
  /// The largest file accepted: a snapshot is a few tens of kilobytes.
  static let sizeLimit = 4 << 20

  /// The snapshot of `session`'s main run.
  init(session: Session) {
    let trainer = session.trainer
    preset = trainer.preset
    rule = trainer.rule
    eta = trainer.eta
    seed = trainer.seed
    hidden = trainer.network.hidden
    step = trainer.stepCount
    w1 = trainer.network.w1
    w2 = trainer.network.w2
    b1 = trainer.network.b1
    b2 = trainer.network.b2
    generator = trainer.generator.state
    history = session.history.plotted.map { [Double($0.step), $0.mse] }
  }

  // MARK: - Reading

  /// Reads and checks the snapshot at `path`.
  static func load(path: String) throws(InputProblem) -> Snapshot {
    let url = URL(fileURLWithPath: path)
    func problem(_ text: String, _ status: Int32) -> InputProblem {
      InputProblem(message: "sinetui: cannot load the snapshot '\(path)': \(text)", status: status)
    }
    let attributes: [FileAttributeKey: Any]
    do {
      attributes = try FileManager.default.attributesOfItem(atPath: path)
    } catch {
      throw problem("no such file", 66)
    }
    guard attributes[.type] as? FileAttributeType == .typeRegular else {
      throw problem("it is not a regular file", 66)
    }
    if let size = attributes[.size] as? Int, size > sizeLimit {
      throw problem("it is larger than \(sizeLimit >> 20) MB", 65)
    }
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw problem("it cannot be read", 66)
    }
    guard data.count <= sizeLimit else {
      throw problem("it is larger than \(sizeLimit >> 20) MB", 65)
    }
    let snapshot: Snapshot
    do {
      snapshot = try JSONDecoder().decode(Snapshot.self, from: data)
    } catch let error as DecodingError {
      throw problem(describe(error, in: data), 65)
    } catch {
      throw problem("it is not JSON it can read", 65)
    }
    if let text = snapshot.problem { throw problem(text, 65) }
    return snapshot
  }

  /// Reads the snapshot at `path` for a command; a bad one gets its line on standard error and
  /// ends the command with its exit status.
  static func loadOrExit(path: String) throws -> Snapshot {
    do {
      return try load(path: path)
    } catch {
      throw error.reported()
    }
  }

  /// What is wrong with a decoded snapshot, or nil.
  var problem: String? {
    guard format == Self.formatName else {
      return "its format is '\(format)', not a sinetui snapshot"
    }
    guard version == 1 else { return "its version is \(version); this sinetui reads version 1" }
    guard Network.hiddenRange.contains(hidden) else { return "hidden is \(hidden), outside 1...64" }
    guard w1.count == hidden, w2.count == hidden else {
      return "w1 and w2 must each hold \(hidden) numbers"
    }
    guard (b1 == nil) == (b2 == nil) else {
      return "b1 and b2 must both be present or both be null"
    }
    guard (b1 != nil) == preset.hasBiases else {
      return preset.hasBiases
        ? "preset bias needs b1 and b2" : "preset \(preset.rawValue) has no biases"
    }
    if let b1, b1.count != hidden { return "b1 must hold \(hidden) numbers" }
    let numbers = w1 + w2 + (b1 ?? []) + [b2 ?? 0, eta] + history.flatMap { $0 }
    guard numbers.allSatisfy(\.isFinite) else { return "it holds a number that is not finite" }
    guard eta > 0, eta <= LearningOptions.etaLimit else { return "eta is \(eta), outside (0, 100]" }
    guard step >= 0 else { return "step is negative" }
    guard Xoshiro256StarStar(state: generator) != nil else {
      return "generator must be four words, not all zero"
    }
    guard history.allSatisfy({ $0.count == 2 && $0[0] >= 0 && $0[0] <= Double(Int.max / 2) }) else {
      return "history must be [step, mse] pairs"
    }
    return nil
  }

  /// One line for a decoding error of `data`.
  ///
  /// Foundation reports a number too large or negative for a whole-number key as "not valid
  /// JSON"; when the text does parse as JSON, that is what it was.
  private static func describe(_ error: DecodingError, in data: Data) -> String {
    if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
      (try? JSONSerialization.jsonObject(with: data)) != nil
    {
      return "a number in it is out of range for its key"
    }
    return describe(error)
  }

  private static func describe(_ error: DecodingError) -> String {
    switch error {
    case .keyNotFound(let key, _): "the key '\(key.stringValue)' is missing"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
    case .dataCorrupted(let context):
      context.codingPath.isEmpty
        ? "it is not JSON it can read"
        : "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has a value it cannot have"
    @unknown default: "it is not a sinetui snapshot"
    }
  }

  // MARK: - Using

  /// The trainer this snapshot continues: the data regenerated from the seed, the rest restored.
  func trainer() -> Trainer {
    let fresh = Trainer(preset: preset, seed: seed, hidden: hidden)
    return Trainer(
      preset: preset, seed: seed, dataset: fresh.dataset,
      network: Network(w1: w1, w2: w2, b1: b1, b2: b2),
      generator: Xoshiro256StarStar(state: generator) ?? fresh.generator, rule: rule, eta: eta,
      stepCount: step)
  }

  /// The session this snapshot continues, with its loss history.
  func session() -> Session {
    let points = history.map { LossHistory.Point(step: Int($0[0]), mse: $0[1]) }
    return Session(trainer: trainer(), history: points)
  }

  // MARK: - Writing

  /// The snapshot as one line of JSON, every number in its shortest round-trip form.
  var json: String {
    var members: [(String, JSONValue)] = [
      ("format", .string(format)), ("version", .int(version)),
      ("preset", .string(preset.rawValue)), ("rule", .string(rule.rawValue)),
      ("eta", .number(eta)), ("seed", .unsigned(seed)), ("hidden", .int(hidden)),
      ("step", .int(step)),
    ]
    members += TraceEncoder.parameters(of: Network(w1: w1, w2: w2, b1: b1, b2: b2))
    members.append(("generator", .array(generator.map(JSONValue.unsigned))))
    members.append(("history", .array(history.map { .array([.int(Int($0[0])), .number($0[1])]) })))
    return JSONValue.object(members).text + "\n"
  }

  /// Writes the snapshot to a new file `sinetui-YYYYMMDD-HHMMSS.json` in `folder`; returns the name.
  ///
  /// It never replaces a file: the contents go to a temporary file first, which is then linked
  /// under the first free name, so an interrupted save leaves no half file.
  func save(in folder: String, at date: Date = Date()) throws -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    let stem = "sinetui-" + formatter.string(from: date)
    let temporary = folder + "/.\(stem)-\(ProcessInfo.processInfo.processIdentifier).tmp"
    let descriptor = sinetui_open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw OutputFailed(reason: describeErrno()) }
    defer { unlink(temporary) }
    do {
      try DescriptorOutput(descriptor: descriptor).write(json)
    } catch {
      close(descriptor)
      throw error
    }
    guard fsync(descriptor) == 0, close(descriptor) == 0 else {
      throw OutputFailed(reason: describeErrno())
    }
    for attempt in 1...100 {
      let name = attempt == 1 ? stem + ".json" : stem + "-\(attempt).json"
      if link(temporary, folder + "/" + name) == 0 { return name }
      guard sinetui_errno() == EEXIST else { throw OutputFailed(reason: describeErrno()) }
    }
    throw OutputFailed(reason: "too many snapshots named \(stem)")
  }
}
