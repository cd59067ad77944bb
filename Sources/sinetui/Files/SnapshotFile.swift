import ArgumentParser
import CPlatform
import Foundation
import SineFormats

/// Reads and writes ``Snapshot`` files: the schema and its checks are the format's, the file
/// handling is here.
enum SnapshotFile {
  // MARK: - Reading

  /// Reads and checks the snapshot at `path`.
  static func load(path: String) throws(InputProblem) -> Snapshot {
    func problem(_ text: String, _ status: ExitStatus) -> InputProblem {
      InputProblem(
        message: "sinetui: cannot load the snapshot \(QuotedText.quoted(path)): \(text)",
        status: status)
    }
    let descriptor: Int32
    do {
      descriptor = try InputFile.open(path)
    } catch {
      throw problem(error.reason, .noInput)
    }
    defer { close(descriptor) }
    let limit = Snapshot.sizeLimit
    let tooLarge = problem("it is larger than \(limit >> 20) MB", .dataError)
    guard sinetui_descriptor_size(descriptor) <= limit else { throw tooLarge }
    // One byte more than the limit tells a file that grew while it was read.
    var bytes = [UInt8](repeating: 0, count: limit + 1)
    var count = 0
    while count < bytes.count {
      let read = bytes.withUnsafeMutableBytes {
        CPlatform.read(descriptor, $0.baseAddress.map { $0 + count }, $0.count - count)
      }
      if read < 0, sinetui_errno() == EINTR { continue }
      guard read >= 0 else { throw problem("it cannot be read: \(describeErrno())", .noInput) }
      if read == 0 { break }
      count += read
    }
    guard count <= limit else { throw tooLarge }
    let data = Data(bytes[..<count])
    let snapshot: Snapshot
    do {
      snapshot = try JSONDecoder().decode(Snapshot.self, from: data)
    } catch let error as DecodingError {
      throw problem(describe(error, in: data), .dataError)
    } catch {
      throw problem("it is not JSON it can read", .dataError)
    }
    if let text = snapshot.problem { throw problem(text, .dataError) }
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

  // MARK: - Writing

  /// Writes `snapshot` to a new file `sinetui-YYYYMMDD-HHMMSS.json` in `folder`; returns the name.
  ///
  /// It never replaces a file: the contents go to a temporary file first, which is then linked
  /// under the first free name, so an interrupted save leaves no half file.
  static func save(_ snapshot: Snapshot, in folder: String, at date: Date = Date()) throws
    -> String
  {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyyMMdd-HHmmss"
    let stem = "sinetui-" + formatter.string(from: date)
    let temporary = folder + "/.\(stem)-\(ProcessInfo.processInfo.processIdentifier).tmp"
    let descriptor = sinetui_open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw OutputFailed(reason: describeErrno()) }
    defer { unlink(temporary) }
    do {
      try DescriptorOutput(descriptor: descriptor).write(snapshot.json)
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
