import SineNet

/// The main plot: sin(x), the network's approximation and the training samples over the data range.
struct FunctionPlot {
  var session: Session
  var glyphs: Canvas.Glyphs

  /// The y range shown: the sine's range over the data with a quarter of its span above and below.
  static func yRange(for preset: Preset) -> (lower: Double, upper: Double) {
    let range = preset.range
    var low = Double.infinity
    var high = -Double.infinity
    for k in 0...400 {
      let y = preset.target(
        at: range.lowerBound + Double(k) / 400 * (range.upperBound - range.lowerBound))
      low = min(low, y)
      high = max(high, y)
    }
    let margin = (high - low) * 0.25
    return (((low - margin) * 100).rounded(.down) / 100, ((high + margin) * 100).rounded(.up) / 100)
  }

  func draw(in panel: PlotPanel, on frame: inout Frame) {
    let area = panel.area
    let preset = session.trainer.preset
    let range = preset.range
    let (lower, upper) = Self.yRange(for: preset)
    var canvas = Canvas(columns: area.columns, rows: area.rows, glyphs: glyphs)
    let xScale = Scale(lower: range.lowerBound, upper: range.upperBound, dots: canvas.dotColumns)
    // Rows count down from the top, so the y scale runs from upper to lower.
    let dotRows = canvas.dotRows
    let yScale = Scale(lower: lower, upper: upper, dots: dotRows)
    func row(_ y: Double) -> Scale.Position? {
      switch yScale.position(of: y) {
      case .inside(let dot): .inside(dotRows - 1 - dot)
      case .below: .below
      case .above: .above
      case nil: nil
      }
    }

    for index in 0..<session.trainer.dataset.count {
      let sample = session.trainer.dataset[index]
      if let x = xScale.clampedDot(of: sample.x), case .inside(let y) = row(sample.y) {
        canvas.plot(x: x, y: y, series: .sample)
      }
    }
    drawCurve(on: &canvas, xScale: xScale, row: row, series: .truth) { preset.target(at: $0) }
    let network = session.lastFiniteNetwork
    drawCurve(on: &canvas, xScale: xScale, row: row, series: .network) { network.output(at: $0) }
    canvas.draw(on: &frame, row: area.top, column: area.left)

    let yTicks = Ticks.linear(lower: lower, upper: upper, maxCount: max(area.rows, 2))
    let yDecimals = max(Ticks.decimals(for: yTicks.step), 1)
    let yLabels = yTicks.values.compactMap { value -> (Int, String)? in
      guard case .inside(let dot) = row(value) else { return nil }
      return (dot / glyphs.dotsPerRow, NumberFormat.fixed(value, decimals: yDecimals))
    }
    let xTicks = Ticks.linear(
      lower: range.lowerBound, upper: range.upperBound, maxCount: max(area.columns / 8, 2))
    let xDecimals = Ticks.decimals(for: xTicks.step)
    let xLabels = xTicks.values.compactMap { value -> (Int, String)? in
      guard let dot = xScale.clampedDot(of: value) else { return nil }
      return (dot / glyphs.dotsPerColumn, NumberFormat.fixed(value, decimals: xDecimals))
    }
    let curveGlyph = glyphs == .braille ? "⠒⠒" : nil
    let header: [(String, Tone)] = [
      ("y ", .axis),
      (curveGlyph ?? "..", .truth), (" sin(x)  ", .plain),
      (curveGlyph ?? "##", .network), (" network  ", .plain),
      (glyphs == .braille ? "⠂" : "'", .sample), (" samples  ", .plain),
      (glyphs == .braille ? "▲▼" : "^v", .clamp), (" clamped", .plain),
    ]
    panel.drawFrame(on: &frame, header: header, yTicks: yLabels, xTicks: xLabels, glyphs: glyphs)
  }

  /// Draws `function` across every dot column, joined column to column; values off the plot are
  /// drawn at the edge with a marker, and NaN leaves a gap.
  private func drawCurve(
    on canvas: inout Canvas, xScale: Scale, row: (Double) -> Scale.Position?,
    series: Canvas.Series, _ function: (Double) -> Double
  ) {
    var previous: Int?
    for x in 0..<canvas.dotColumns {
      let position = row(function(xScale.value(atDot: x)))
      let y: Int
      switch position {
      case .inside(let dot): y = dot
      case .above:
        y = 0
        canvas.mark(x: x, y: y, glyphs == .braille ? "▲" : "^", series: series)
      case .below:
        y = canvas.dotRows - 1
        canvas.mark(x: x, y: y, glyphs == .braille ? "▼" : "v", series: series)
      case nil:
        previous = nil
        continue
      }
      if let previous {
        canvas.line(from: (x - 1, previous), to: (x, y), series: series)
      } else {
        canvas.plot(x: x, y: y, series: series)
      }
      previous = y
    }
  }
}
