import Testing

@testable import SineUI

@Suite("Canvas and scale")
struct CanvasTests {
  @Test("Braille dots use the Unicode bit layout")
  func brailleBits() {
    let bits = (0..<4).flatMap { y in (0..<2).map { x in Canvas.brailleBit(x: x, y: y) } }
    #expect(bits == [0x01, 0x08, 0x02, 0x10, 0x04, 0x20, 0x40, 0x80])
    var canvas = Canvas(columns: 1, rows: 1, glyphs: .braille)
    for y in 0..<4 { canvas.plot(x: 0, y: y, series: .truth) }
    #expect(canvas.cell(row: 0, column: 0) == Cell("⡇", .truth))
    canvas.plot(x: 1, y: 3, series: .truth)
    #expect(canvas.cell(row: 0, column: 0) == Cell("⣇", .truth))
  }

  @Test("Where series meet, the network wins the cell over the truth over the samples")
  func priority() {
    for glyphs in [Canvas.Glyphs.braille, .ascii] {
      var canvas = Canvas(columns: 1, rows: 1, glyphs: glyphs)
      canvas.plot(x: 0, y: 0, series: .network)
      canvas.plot(x: 0, y: 0, series: .truth)
      canvas.plot(x: 0, y: 0, series: .sample)
      #expect(canvas.cell(row: 0, column: 0)?.tone == .network)
      var other = Canvas(columns: 1, rows: 1, glyphs: glyphs)
      other.plot(x: 0, y: 0, series: .sample)
      other.plot(x: 0, y: 0, series: .truth)
      #expect(other.cell(row: 0, column: 0)?.tone == .truth)
    }
    var ascii = Canvas(columns: 3, rows: 1, glyphs: .ascii)
    ascii.plot(x: 0, y: 0, series: .sample)
    ascii.plot(x: 1, y: 0, series: .truth)
    ascii.plot(x: 2, y: 0, series: .network)
    #expect((0..<3).compactMap { ascii.cell(row: 0, column: $0)?.scalar } == ["'", ".", "#"])
  }

  @Test("Lines join dots; off-canvas dots are ignored")
  func lines() {
    var canvas = Canvas(columns: 5, rows: 3, glyphs: .ascii)
    canvas.line(from: (0, 0), to: (4, 2), series: .truth)
    canvas.plot(x: -1, y: 0, series: .network)
    canvas.plot(x: 0, y: 99, series: .network)
    var frame = Frame(columns: 5, rows: 3)
    canvas.draw(on: &frame, row: 0, column: 0)
    #expect(
      frame.text == """
        .
         ..
           ..
        """)
  }

  @Test("The scale never converts NaN or infinity and clamps what is off the range")
  func scale() {
    let scale = Scale(lower: -1, upper: 1, dots: 10)
    #expect(scale.position(of: .nan) == nil)
    #expect(scale.position(of: .infinity) == .above)
    #expect(scale.position(of: -.infinity) == .below)
    #expect(scale.position(of: 1e300) == .above)
    #expect(scale.position(of: -1.5) == .below)
    #expect(scale.position(of: -1) == .inside(0))
    #expect(scale.position(of: 1) == .inside(9))
    #expect(scale.position(of: 0) == .inside(5))
    #expect(scale.clampedDot(of: 7) == 9)
    #expect(scale.clampedDot(of: .nan) == nil)
    let broken = Scale(lower: .nan, upper: 1, dots: 10)
    #expect(broken.position(of: 0.5) == nil)
  }
}
