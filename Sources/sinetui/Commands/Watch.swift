import ArgumentParser
import CPlatform
import SineFormats
import SineNet
import SineUI

/// `sinetui` (or `sinetui watch`): the live view of the network learning, with keys to change it.
struct Watch: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Watch the network learn sin(x) live; keys pause, reset, toggle the original program's bugs and change eta.",
    discussion: """
      Keys: space pause, n/N one/1,000 steps while paused, r reset, b the original program's \
      bugs, 1 flipped sign, 2 sigmoid of a sigmoid, +/- (up/down) eta, ]/[ speed, p next preset, \
      a activation, o optimizer, m batch size, f target, </> fewer/more hidden units, \
      c compare with the other rule, g gradient check, d the next step's derivation, u/U its \
      next/previous unit, h hidden units, z 3x wider, e why the original program fails, s save a \
      snapshot, ? help, q/Esc/Ctrl-C quit, Ctrl-Z suspend. Needs a terminal; for scripts use \
      'sinetui train'.
      """
  )

  @OptionGroup var model: ModelOptions
  @OptionGroup var learning: LearningOptions

  @Option(help: "Continue from a snapshot saved with s.")
  var load: String?

  @Option(
    help: """
      Replay a trace (from 'sinetui train --trace' or any program): the traced network and the \
      correct rule's from the same start, with the diagnosis's verdict on the status line.
      """)
  var loadTrace: String?

  @Option(
    help: """
      Record the session to this new file as an asciicast v2 recording, as it goes: play it with \
      'asciinema play FILE'.
      """)
  var record: String?

  @Flag(help: "Draw with plain ASCII instead of Unicode braille.")
  var ascii = false

  @Flag(help: "No colour (also when the NO_COLOR environment variable is set).")
  var noColor = false

  func validate() throws {
    if load != nil, loadTrace != nil {
      throw ValidationError("--load and --load-trace cannot be used together")
    }
    for (option, path) in [("--load", load), ("--load-trace", loadTrace)] {
      if let problem = LearningOptions.problem(loading: path, as: option, with: model, learning) {
        throw problem
      }
    }
    if let record, let problem = SessionRecording.problem(recordingTo: record) {
      throw ValidationError("--record needs a new file: \(problem)")
    }
  }

  func run() throws {
    // A snapshot or a trace is read before the terminal is touched: a bad one gets its line and
    // status on a terminal left exactly as it was.
    let session: Session
    let feed: TraceFeed?
    if let loadTrace {
      (session, feed) = try Self.replay(loadTrace)
    } else if let load {
      session = Session(snapshot: try SnapshotFile.loadOrExit(path: load))
      feed = nil
    } else {
      session = Session(
        trainer: Trainer(model: model, learning: learning, seed: model.resolvedSeed()))
      feed = nil
    }
    let wantsColor = !noColor && (getenv("NO_COLOR").map { String(cString: $0).isEmpty } ?? true)
    // The recording's file is made before the terminal is touched, so that a refusal gets its
    // line on a terminal left as it was; it is removed again when the view cannot start.
    var recording: SessionRecording?
    if let record {
      do {
        recording = try SessionRecording.create(record)
      } catch {
        throw ValidationError(
          "--record cannot write \(QuotedText.quoted(record)): \(error.reason)")
      }
    }
    TerminationSignals.install()
    ScreenSignals.install()
    let terminal: Terminal
    do {
      terminal = try Terminal(color: wantsColor)
    } catch {
      recording?.discard()
      try? DescriptorOutput.standardError.line(error.message)
      throw ExitStatus.notATerminal.exitCode
    }
    defer { terminal.close() }
    if let recording, !terminal.record(into: recording) {
      terminal.close()
      recording.discard()
      try? DescriptorOutput.standardError.line(
        "sinetui: --record cannot record here: the terminal's output cannot be collected "
          + "(it cannot be opened a second time, or 'ulimit -f' is under 64 MB)")
      throw ExitStatus.ioError.exitCode
    }
    defer { recording?.close() }
    let glyphs: Canvas.Glyphs = ascii || !terminal.supportsUnicode ? .ascii : .braille
    var loop = MainLoop(
      session: session, terminal: terminal, glyphs: glyphs, feed: feed, recording: recording)
    let outcome = loop.run()
    terminal.close()
    recording?.close()
    if let message = recording?.failureMessage {
      try? DescriptorOutput.standardError.line("sinetui: " + message)
      if outcome == .quit { throw ExitStatus.ioError.exitCode }
    }
    switch outcome {
    case .quit: return
    case .interrupt: throw ExitStatus.signal(SIGINT).exitCode
    case .signal(let number): throw ExitStatus.signal(number).exitCode
    case .hangUp: throw ExitStatus.hangUp.exitCode
    }
  }
}
