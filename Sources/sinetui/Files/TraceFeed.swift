import CPlatform
import SineFormats
import SineNet

/// The steps of a trace file for the live view to replay, read a chunk at a time as the view
/// asks for them, so that memory stays flat however long the trace.
///
/// The file has been diagnosed whole before (``TraceFile``), so a problem met here (the file
/// changed, a read failed) only ends the replay early, as does the first step with a value that is
/// not finite (the trace's divergence).
final class TraceFeed {
  /// The size of one read: small, so that a slow replay reads little ahead.
  static let chunkSize = 1 << 16

  private let descriptor: Int32
  private var decoder = TraceDecoder()
  private var reader: TraceReader
  private var pending: [TracedStep] = []
  private var position = 0
  /// Whether the file has nothing more to give.
  private(set) var isExhausted = false

  /// Opens the trace at `path` and reads until its line 1 is in, or nil when it cannot be opened
  /// or its line 1 cannot be read.
  init?(path: String) {
    guard let descriptor = try? InputFile.open(path) else { return nil }
    self.descriptor = descriptor
    reader = TraceReader(descriptor: descriptor, chunkSize: Self.chunkSize)
    do {
      while try !decoder.readHeader() {
        guard try reader.feed(&decoder) || !decoder.isAtEnd else { return nil }
      }
    } catch {
      return nil
    }
  }

  deinit {
    close(descriptor)
  }

  /// Line 1: the network before the first step, the η of every step and the preset's name.
  var header: TraceHeader? { decoder.header }

  /// The samples of the next `count` steps, without taking them.
  func peekSamples(_ count: Int) -> [Sample] {
    fill(upTo: count)
    return pending[position..<min(pending.count, position + count)].map(\.sample)
  }

  /// The next steps, at most `count`; fewer only at the end of the trace.
  func next(_ count: Int) -> ArraySlice<TracedStep> {
    fill(upTo: count)
    let end = min(pending.count, position + count)
    defer { position = end }
    return pending[position..<end]
  }

  /// Whether every step has been handed out.
  var isFinished: Bool { isExhausted && position == pending.count }

  /// Reads until at least `count` steps wait, or the file ends.
  private func fill(upTo count: Int) {
    if position > 0, position == pending.count {
      pending.removeAll(keepingCapacity: true)
      position = 0
    }
    do {
      while pending.count - position < count, !isExhausted {
        if try decoder.nextStep(), let step = decoder.step {
          pending.append(step.traced)
          // Nothing after a divergence counts.
          if !step.isFinite { isExhausted = true }
        } else if decoder.isAtEnd {
          isExhausted = true
        } else {
          _ = try reader.feed(&decoder)
        }
      }
    } catch {
      isExhausted = true
    }
  }
}
