import Foundation
import Testing

@testable import SineFormats

@Suite("asciicast v2 lines")
struct AsciicastTests {
  @Test("The header and each event are one line of JSON, as asciinema reads them")
  func lines() throws {
    let header = Asciicast.header(width: 80, height: 24, timestamp: 1_764_000_000, term: "screen")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(header.utf8)) as? [String: Any])
    #expect(object["version"] as? Int == 2)
    #expect(object["width"] as? Int == 80)
    #expect(object["height"] as? Int == 24)
    #expect(object["timestamp"] as? Int == 1_764_000_000)
    #expect((object["env"] as? [String: String])?["TERM"] == "screen")
    #expect(!header.contains("\n"))

    let frame = Array("\u{1B}[2J\u{1B}[1;1Hstep 1  ⠒⠒ sin(x)\r\n\"\\".utf8)
    let output = Asciicast.output(at: 1.25, frame)
    #expect(!output.contains("\n") && !output.contains("\u{1B}"))
    let event = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [Any])
    #expect(event.count == 3)
    #expect(event[0] as? Double == 1.25)
    #expect(event[1] as? String == "o")
    #expect(event[2] as? String == String(decoding: frame, as: UTF8.self))

    let resize = Asciicast.resize(at: 3.0000004, width: 100, height: 30)
    #expect(resize == #"[3.000000, "r", "100x30"]"#)
    #expect(Asciicast.resize(at: .nan, width: 1, height: 1) == #"[0.000000, "r", "1x1"]"#)
  }
}
