import CPlatform
import SineFormats

/// Reads and writes ``Snapshot`` files: the schema and its checks are the format's, the file
/// handling is here, through the C library alone.
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
    let size = Int(sinetui_descriptor_size(descriptor))
    guard size <= limit else { throw tooLarge }
    // Room for the file as it is and one byte more, to see that it ends there; a file that grows
    // meanwhile is read on, up to one byte past the limit.
    var bytes = [UInt8](repeating: 0, count: max(size, 0) + 1)
    var count = 0
    while true {
      if count == bytes.count {
        guard count <= limit else { throw tooLarge }
        bytes += [UInt8](repeating: 0, count: min(bytes.count, limit + 1 - count))
      }
      let read = bytes.withUnsafeMutableBytes {
        CPlatform.read(descriptor, $0.baseAddress.map { $0 + count }, $0.count - count)
      }
      if read < 0 {
        if sinetui_errno() == EINTR { continue }
        throw problem("it cannot be read: \(describeErrno())", .noInput)
      }
      if read == 0 { break }
      count += read
    }
    guard count <= limit else { throw tooLarge }
    let snapshot: Snapshot
    do {
      snapshot = try bytes.withUnsafeBufferPointer { (all) throws(SnapshotProblem) in
        try Snapshot(json: UnsafeBufferPointer(rebasing: all[..<count]))
      }
    } catch {
      throw problem(error.message, .dataError)
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

  // MARK: - Writing

  /// Writes `snapshot` to a new file `sinetui-YYYYMMDD-HHMMSS.json` in `folder`, named for the
  /// local time `seconds` since the epoch (now by default); returns the name.
  ///
  /// It never replaces a file: the contents go to a temporary file first, which is then linked
  /// under the first free name, so an interrupted save leaves no half file.
  static func save(_ snapshot: Snapshot, in folder: String, at seconds: Int64 = sinetui_now())
    throws -> String
  {
    let stem = "sinetui-" + (stamp(seconds) ?? "\(seconds)")
    let temporary = folder + "/.\(stem)-\(getpid()).tmp"
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

  /// `seconds` since the epoch as local time, YYYYMMDD-HHMMSS; nil when it cannot be converted.
  static func stamp(_ seconds: Int64) -> String? {
    var buffer = [CChar](repeating: 0, count: 32)
    let length = buffer.withUnsafeMutableBufferPointer { characters in
      characters.baseAddress.map { sinetui_local_stamp($0, characters.count, seconds) } ?? 0
    }
    guard length > 0 else { return nil }
    return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
