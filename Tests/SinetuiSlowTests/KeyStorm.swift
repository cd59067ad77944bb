import Foundation
import SineNet
import SineUI
import TestSupport

/// A reproducible storm of keys and resizes for the view, with what it must leave on the status
/// line: the η and the speed that the keys in it step to.
///
/// Every key a person can type is in it except the three that quit (`q`, Ctrl-C and a lone Esc)
/// and Ctrl-Z, which stops the process:
/// printable and non-ASCII characters, control characters, arrows and function keys by their
/// tmux names, and escape sequences written as raw bytes (Alt chords, including Alt-q, control
/// sequences the terminal description does not list, single shifts, Esc Esc). Esc only ever
/// arrives as the first byte of such a sequence, in one write, so none of them is a lone Esc.
///
/// So is input that is no key, which must change nothing: mouse reports in the SGR and the X10
/// form, control sequences of up to 300 bytes, malformed ones (holding control characters or
/// bytes above ASCII, or cut off by another sequence), strings (`Esc ]` to BEL or `Esc \`), Esc
/// followed by a byte that is not UTF-8, and such bytes alone.
struct KeyStorm {
  /// One tmux invocation's worth of input, or a pause in it.
  enum Burst {
    /// tmux commands separated by `;`: `send-keys` with key names, `send-keys -H` with bytes.
    case keys([String])
    /// `resize-window` to this size.
    case resize(columns: Int, rows: Int)
    /// Let a few frames be drawn.
    case pause(milliseconds: Int)
  }

  /// The bursts, in order.
  private(set) var bursts: [Burst] = []
  /// The η the keys leave, from `start`.
  private(set) var eta: Double
  /// The speed the keys leave.
  private(set) var speed = Speed.standard
  /// How many keys and sequences the storm holds.
  private(set) var keyCount = 0

  private var random: Xoshiro256StarStar
  private let characters: [Character]

  /// A storm of `keys` keys, the same every time for the same `seed`, for a view started at `eta`
  /// and `speed`, without the printable keys in `excluded`.
  init(
    keys: Int, seed: UInt64, eta: Double, speed: Speed = .standard,
    excluding excluded: Set<Character> = []
  ) {
    random = Xoshiro256StarStar(seed: seed)
    self.eta = eta
    self.speed = speed
    characters = Self.typeable.filter { !excluded.contains($0) }
    while keyCount < keys {
      let roll = pick(100)
      if roll < 8 {
        bursts.append(.resize(columns: 1 + pick(250), rows: 1 + pick(80)))
      } else if roll < 20 {
        bursts.append(.pause(milliseconds: 5 + pick(40)))
      } else {
        bursts.append(.keys(burst(length: min(1 + pick(40), keys - keyCount))))
      }
    }
  }

  /// Sends the bursts to the window in `tmux`, in order.
  func play(on tmux: Tmux) throws {
    for burst in bursts {
      switch burst {
      case .keys(let commands): try tmux.run(commands)
      case .resize(let columns, let rows): try tmux.resize(columns: columns, rows: rows)
      case .pause(let milliseconds): Thread.sleep(forTimeInterval: Double(milliseconds) / 1000)
      }
    }
  }

  // MARK: - Keys

  /// The characters a person can type that do not quit, with a few outside ASCII.
  private static let typeable: [Character] =
    (0x20...0x7E).compactMap { Unicode.Scalar($0).map(Character.init) }
    .filter { ![.quit, .interrupt].contains(KeyMap.command(for: .character($0))) && $0 != ";" }
    + ["é", "ü", "ß", "✓", "中", "→"]

  /// tmux's names for the special keys; `Up` and `Down` step η, the rest mean nothing.
  private static let named =
    [
      "Up", "Down", "Left", "Right", "Home", "End", "PageUp", "PageDown", "IC", "DC", "BSpace",
      "Tab",
      "BTab", "Enter",
    ] + (1...12).map { "F\($0)" }

  /// Control characters by tmux's names, without Ctrl-C (quits), Ctrl-Z (suspends) and Ctrl-[
  /// (Esc).
  private static let controls = "abdefghijklmnopqrstuvwxy".map { "C-\($0)" }

  private mutating func burst(length: Int) -> [String] {
    var commands: [String] = []
    var names: [String] = []
    func flush() {
      if !names.isEmpty { commands += (commands.isEmpty ? [] : [";"]) + ["send-keys"] + names }
      names = []
    }
    for _ in 0..<length {
      keyCount += 1
      let roll = pick(100)
      if roll < 55 {
        let character = characters[pick(characters.count)]
        names.append(character == " " ? "Space" : String(character))
        follow(KeyMap.command(for: .character(character)))
      } else if roll < 70 {
        let name = Self.named[pick(Self.named.count)]
        names.append(name)
        follow(name == "Up" ? .etaUp : name == "Down" ? .etaDown : nil)
      } else if roll < 80 {
        names.append(Self.controls[pick(Self.controls.count)])
      } else {
        flush()
        let bytes = escapeSequence().map { String($0, radix: 16) }
        commands += (commands.isEmpty ? [] : [";"]) + ["send-keys", "-H"] + bytes
      }
    }
    flush()
    return commands
  }

  /// Esc and what follows it, or bytes that are not UTF-8: the view swallows all of it.
  private mutating func escapeSequence() -> [UInt8] {
    switch pick(12) {
    case 0, 1:  // Alt with a printable key, q and + included; not those that begin sequences.
      let key = UInt8(0x21 + pick(0x5E))
      return [0x1B, Self.introducers.contains(key) ? 0x71 : key]
    case 2, 3:  // A control sequence: parameters, then a final byte.
      let parameters = (0..<pick(5)).map { _ in UInt8(0x30 + pick(0x10)) }
      return [0x1B, 0x5B] + parameters + [finalByte()]
    case 4:  // A single shift.
      return [0x1B, 0x4F, finalByte()]
    case 5:
      return [0x1B, 0x1B]
    case 6:  // A mouse report: SGR (press or release) or X10 (three raw bytes).
      if pick(2) == 0 {
        let report = "<\(pick(128));\(1 + pick(300));\(1 + pick(100))" + (pick(2) == 0 ? "M" : "m")
        return [0x1B, 0x5B] + Array(report.utf8)
      }
      return [0x1B, 0x5B, 0x4D] + (0..<3).map { _ in UInt8(0x20 + pick(0xE0)) }
    case 7:  // A control sequence longer than 32 bytes.
      return [0x1B, 0x5B] + (0..<(33 + pick(268))).map { _ in UInt8(0x30 + pick(0x10)) }
        + [finalByte()]
    case 8:  // A malformed one: control characters or bytes above ASCII inside, or cut off.
      var body = (0..<(1 + pick(8))).map { _ -> UInt8 in
        switch pick(3) {
        case 0: UInt8(0x01 + pick(0x1A))
        case 1: UInt8(0x80 + pick(0x80))
        default: UInt8(0x30 + pick(0x10))
        }
      }
      if pick(2) == 0 { body += [0x1B, 0x5B] }
      return [0x1B, 0x5B] + body + [finalByte()]
    case 9:  // A string, to BEL or Esc \.
      let text = (0..<pick(20)).map { _ in UInt8(0x20 + pick(0x5F)) }
      return [0x1B, [0x5D, 0x50, 0x5F][pick(3)]] + text + (pick(2) == 0 ? [0x07] : [0x1B, 0x5C])
    case 10:  // Esc and a byte that is not UTF-8, or the lead byte of a character cut short.
      return [0x1B, UInt8(0x80 + pick(0x80))]
    default:  // Such bytes alone.
      return (0..<(1 + pick(3))).map { _ in UInt8(0x80 + pick(0x80)) }
    }
  }

  /// The bytes that, after Esc, begin a sequence rather than an Alt chord: `[`, `O`, and the
  /// strings' `]`, `P`, `_`, `^` and `X`.
  private static let introducers: Set<UInt8> = [0x5B, 0x4F, 0x5D, 0x50, 0x5F, 0x5E, 0x58]

  /// A final byte, 0x40 through 0x7E, but not `A`, `B` or `M`: with them `Esc O A` and `Esc O B`
  /// are the arrows that step η and `Esc [ M` begins a mouse report that takes three more bytes,
  /// and the point here is the sequences that mean nothing.
  private mutating func finalByte() -> UInt8 {
    let byte = UInt8(0x40 + pick(0x3F))
    return byte == 0x41 || byte == 0x42 || byte == 0x4D ? 0x5A : byte
  }

  /// Steps the expected η and speed as the view does for `command`.
  private mutating func follow(_ command: Command?) {
    switch command {
    case .etaUp: eta = Ladder.learningRates.above(eta)
    case .etaDown: eta = Ladder.learningRates.below(eta)
    case .speedUp: speed = Speed.ladder.above(speed)
    case .speedDown: speed = Speed.ladder.below(speed)
    // A preset is a whole experiment, η included: every preset's is 0.01.
    case .nextPreset: eta = 0.01
    default: break
    }
  }

  /// η as the status line shows it: its shortest round-trip digits, without a trailing `.0`.
  var etaLabel: String {
    let text = eta.description
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }

  private mutating func pick(_ count: Int) -> Int {
    random.nextIndex(below: count)
  }
}
