#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The one read loop both diagnosers are fed by in the benchmarks, as `sinetui diagnose` feeds
/// its own: the file in 1 MiB chunks, so that old and new are measured on the same reads.
public enum ChunkedRead {
  /// Hands the file at `path` to `consume` a chunk at a time, until the file ends or `consume`
  /// returns false.
  public static func feed<Failure: Error>(
    path: String, _ consume: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Bool
  ) throws(Failure) {
    let descriptor = open(path, O_RDONLY)
    precondition(descriptor >= 0, "cannot open \(path)")
    defer { close(descriptor) }
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    while true {
      let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
      precondition(count >= 0, "cannot read \(path)")
      if count == 0 { return }
      let going = try buffer.withUnsafeBufferPointer { (bytes) throws(Failure) -> Bool in
        try consume(UnsafeBufferPointer(rebasing: bytes[..<count]))
      }
      if !going { return }
    }
  }
}
