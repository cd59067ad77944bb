import CSystem
import SineNet

/// The steps of a trace file for the live view to replay, read a chunk at a time as the view
/// asks for them, so that memory stays flat however long the trace.
///
/// The file has been diagnosed whole before (``TraceFile``), so a problem met here (the file
/// changed, a read failed) only ends the replay early.
final class TraceFeed {
  /// The size of one read: small, so that a slow replay reads little ahead.
  static let chunkSize = 1 << 16

  private let descriptor: Int32
  private var diagnoser = TraceDiagnoser(keepsSteps: true)
  private var reader: TraceReader
  private var pending: [TracedStep] = []
  private var position = 0
  /// Whether the file has nothing more to give.
  private(set) var isExhausted = false

  /// Opens the trace at `path` and reads until its line 1 and its first step are in, or nil when
  /// it cannot be opened.
  init?(path: String) {
    descriptor = sinetui_open(path, O_RDONLY | O_CLOEXEC, 0)
    guard descriptor >= 0 else { return nil }
    reader = TraceReader(descriptor: descriptor, chunkSize: Self.chunkSize)
    fill(upTo: 1)
  }

  deinit {
    close(descriptor)
  }

  /// The string under line 1's `preset` key, when it has one.
  var presetName: String? { diagnoser.presetName }

  /// The network before the first step, and the η of every step.
  var start: (network: Network, eta: Double)? {
    guard let network = diagnoser.initialNetwork, let eta = diagnoser.eta else { return nil }
    return (network, eta)
  }

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
    while pending.count - position < count, !isExhausted {
      do {
        if try !reader.feed(&diagnoser) {
          _ = try? diagnoser.finish()
          isExhausted = true
        }
      } catch {
        isExhausted = true
      }
      pending += diagnoser.takeSteps()
    }
  }
}
