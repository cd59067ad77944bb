import SineNet
import Testing

@testable import SineUI

@Suite("Input decoder: bytes to keys")
struct InputDecoderTests {
  /// The keys `bytes` decode to, fed in pieces of `piece` bytes, then flushed as after the escape
  /// delay.
  static func keys(_ bytes: [UInt8], piece: Int = .max) -> [Key] {
    var decoder = InputDecoder()
    var keys: [Key] = []
    var start = 0
    while start < bytes.count {
      let end = min(bytes.count, start + max(piece, 1))
      decoder.decode(bytes[start..<end], into: &keys)
      start = end
    }
    decoder.flush(into: &keys)
    return keys
  }

  static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  @Test("Printable, control and multi-byte characters are keys; the four arrows in both forms")
  func keysThatAreKeys() {
    #expect(Self.keys(Self.bytes("q +")) == [.character("q"), .character(" "), .character("+")])
    #expect(
      Self.keys([3, 13, 26, 127]) == [.control(3), .control(13), .control(26), .control(127)])
    #expect(Self.keys(Self.bytes("é✓中🙂")) == "é✓中🙂".map { .character($0) })
    #expect(
      Self.keys(Self.bytes("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D\u{1B}OA\u{1B}OB"))
        == [.up, .down, .right, .left, .up, .down])
  }

  @Test("A lone Esc is the Escape key only once nothing follows it")
  func loneEscape() {
    var decoder = InputDecoder()
    var keys: [Key] = []
    decoder.decode([0x1B], into: &keys)
    #expect(keys.isEmpty)
    #expect(decoder.isWaiting)
    decoder.flush(into: &keys)
    #expect(keys == [.escape])
    #expect(!decoder.isWaiting)
  }

  @Test(
    "Every well-formed sequence is swallowed whole, and the key after it still counts",
    arguments: [
      "\u{1B}[<0;2;5M", "\u{1B}[<64;100;20m", "\u{1B}[M !!", "\u{1B}[M\u{FF}\u{FF}\u{FF}",
      "\u{1B}[1;3A", "\u{1B}[1;5C", "\u{1B}[15~", "\u{1B}[200~", "\u{1B}[Z", "\u{1B}OP",
      "\u{1B}O1;2Q", "\u{1B}[?1;2c", "\u{1B}]11;rgb:0000/0000/0000\u{07}",
      "\u{1B}]52;c;YQ==\u{1B}\\", "\u{1B}P1$r0m\u{1B}\\", "\u{1B}_x\u{1B}\\", "\u{1B}(",
      "\u{1B}q", "\u{1B}+", "\u{1B}\u{1B}", "\u{1B}\u{7F}", "\u{1B}\u{03}", "\u{1B}é",
      "\u{1B}[" + String(repeating: "1", count: 41) + "A",
      "\u{1B}[" + String(repeating: "2;", count: 5000) + "q",
    ])
  func wellFormed(_ sequence: String) {
    // Mouse coordinates above 95 come as raw bytes, not UTF-8.
    let bytes = sequence.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    let raw = sequence.contains("\u{FF}") ? bytes : Self.bytes(sequence)
    for piece in [1, 2, 7, .max] {
      #expect(Self.keys(raw + [0x2B], piece: piece) == [.character("+")], "\(piece)")
      #expect(Self.keys(raw, piece: piece) == [], "\(piece)")
    }
  }

  @Test(
    "A malformed sequence or a byte that is not UTF-8 never quits and never acts as a key",
    arguments: [
      [0x1B, 0xFF], [0x1B, 0xC3], [0x1B, 0xC3, 0x28], [0xFF], [0xC3], [0x80], [0xC0, 0xAF],
      [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88],
      [0x1B, 0x5B, 0x31, 0x03, 0x32, 0x71], [0x1B, 0x5B, 0x31, 0x1B],
      [0x1B, 0x5B, 0x31, 0xC3, 0xA9, 0x71], [0x1B, 0x5B], [0x1B, 0x4F], [0x1B, 0x5D, 0x32],
      [0x1B, 0x5B, 0x3C, 0x30, 0x3B, 0x32], [0x1B, 0x5B, 0x4D, 0x20],
      [0x1B, 0x5D, 0x32, 0x1B], [0x1B, 0x5B, 0x31, 0x7F, 0x71], [0x1B, 0x5D, 0xFF, 0x07],
    ] as [[UInt8]])
  func malformed(_ bytes: [UInt8]) {
    for piece in [1, .max] {
      let keys = Self.keys(bytes, piece: piece)
      #expect(keys.allSatisfy { KeyMap.command(for: $0) == nil }, "\(bytes) \(keys)")
    }
  }

  @Test("After a broken sequence the next one decodes; a cut-short character gives way to a key")
  func recovery() {
    // Esc interrupting a control sequence starts a new one.
    #expect(Self.keys([0x1B, 0x5B, 0x31, 0x1B, 0x5B, 0x41]) == [.up])
    // A lead byte followed by a key: the character is dropped, the key counts.
    #expect(Self.keys([0xC3, 0x2B]) == [.character("+")])
    #expect(Self.keys([0x1B, 0xC3, 0x2B]) == [.character("+")])
    #expect(Self.keys([0x1B, 0xFF, 0x2B]) == [.character("+")])
    // An X10 report takes exactly three bytes, whatever they are.
    #expect(Self.keys([0x1B, 0x5B, 0x4D, 0x71, 0x1B, 0x20, 0x2B]) == [.character("+")])
    // A string ends at BEL or at Esc \.
    #expect(
      Self.keys(Self.bytes("\u{1B}]0;q\u{07}n\u{1B}]0;q\u{1B}\\n")) == [
        .character("n"), .character("n"),
      ])
  }

  @Test(
    "Random bytes, split anywhere, decode the same, and never to Escape unless they end in a lone Esc"
  )
  func randomSplits() {
    var random = Xoshiro256StarStar(seed: 11)
    for _ in 0..<2000 {
      let count = random.nextIndex(below: 40)
      var bytes = (0..<count).map { _ in UInt8(random.nextIndex(below: 256)) }
      // Plenty of Esc and sequence introducers.
      for index in bytes.indices where random.nextIndex(below: 4) == 0 { bytes[index] = 0x1B }
      let whole = Self.keys(bytes)
      #expect(Self.keys(bytes, piece: 1) == whole, "\(bytes)")
      #expect(Self.keys(bytes, piece: 3) == whole, "\(bytes)")
      #expect(!whole.dropLast().contains(.escape), "\(bytes)")
    }
  }
}
