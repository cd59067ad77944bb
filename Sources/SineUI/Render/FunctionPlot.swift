import SineFormats
import SineNet

/// The main plot: sin(x), the network's approximation and the training samples over the data range.
///
/// In colour the curves differ by colour; without it (`--no-color`, `NO_COLOR`) braille curves
/// differ by pattern: the sine is dotted, the comparison dashed, the network solid. ASCII curves
/// differ by glyph either way.
struct FunctionPlot {
  var session: Session
  var glyphs: Canvas.Glyphs
  var colors = true

  /// How a curve's line is drawn.
  enum Pattern {
    /// Every dot column, joined.
    case solid
    /// Every other dot column, not joined.
    case dotted
    /// Runs of three dot columns, three apart.
    case dashed
  }

  /// Whether the curves are told apart by pattern: braille without colour.
  private var usesPatterns: Bool { !colors && glyphs == .braille }

  /// The y range shown: the target's range over `range` (laid out on the data's range `data`),
  /// with a quarter of its span above and below.
  static func yRange(for target: Target, data: Range<Double>, over range: Range<Double>) -> (
    lower: Double, upper: Double
  ) {
    var low = Double.infinity
    var high = -Double.infinity
    for k in 0...400 {
      let x = range.lowerBound + Double(k) / 400 * (range.upperBound - range.lowerBound)
      let y = target.value(at: x, over: data)
      low = min(low, y)
      high = max(high, y)
    }
    let margin = (high - low) * 0.25
    return (((low - margin) * 100).rounded(.down) / 100, ((high + margin) * 100).rounded(.up) / 100)
  }

  /// Draws the plot into `panel`, using `canvas` as its scratch space.
  func draw(in panel: PlotPanel, canvas: inout Canvas, on frame: inout Frame) {
    let target = session.trainer.target
    let data = session.trainer.dataset.range
    let range = session.viewRange
    let (lower, upper) = Self.yRange(for: target, data: data, over: range)
    canvas.reset(columns: panel.areaColumns, rows: panel.areaRows, glyphs: glyphs)
    let xScale = Scale(lower: range.lowerBound, upper: range.upperBound, dots: canvas.dotColumns)
    let rows = RowScale(Scale(lower: lower, upper: upper, dots: canvas.dotRows))

    let dataset = session.trainer.dataset
    for index in 0..<dataset.count {
      let sample = dataset[index]
      if let x = xScale.clampedDot(of: sample.x), case .inside(let y) = rows.position(of: sample.y)
      {
        canvas.plot(x: x, y: y, series: .sample)
      }
    }
    let network = session.lastFiniteNetwork
    drawCurve(
      on: &canvas, xScale: xScale, rows: rows, series: .truth,
      pattern: usesPatterns ? .dotted : .solid
    ) { _, x in
      target.value(at: x, over: data)
    }
    if let comparison = session.comparison?.lastFiniteNetwork {
      drawCurve(
        on: &canvas, xScale: xScale, rows: rows, series: .comparison,
        pattern: usesPatterns ? .dashed : .solid
      ) { _, x in
        comparison.output(at: x)
      }
    }
    if session.overlays.isShowingHiddenUnits {
      // Each unit's share, summed as it is drawn: the sums are the network's output, added in the
      // same order as `output(at:)` adds them, so the curve costs no second pass of exponentials.
      withUnsafeTemporaryAllocation(of: Double.self, capacity: canvas.dotColumns) { sums in
        sums.initialize(repeating: network.b2 ?? 0)
        for unit in 0..<network.hidden {
          drawCurve(on: &canvas, xScale: xScale, rows: rows, series: .unit, markClamps: false) {
            column, x in
            let share = network.contribution(ofUnit: unit, at: x)
            sums[column] += share
            return share
          }
        }
        drawCurve(on: &canvas, xScale: xScale, rows: rows, series: .network) { column, _ in
          sums[column]
        }
      }
    } else {
      drawCurve(on: &canvas, xScale: xScale, rows: rows, series: .network) { _, x in
        network.output(at: x)
      }
    }
    canvas.draw(on: &frame, row: panel.areaTop, column: panel.areaLeft)

    panel.drawAxes(on: &frame)
    let yTicks = Ticks(lower: lower, upper: upper, maxCount: max(panel.areaRows, 2))
    let yDecimals = max(yTicks.decimals, 1)
    for value in yTicks {
      guard case .inside(let dot) = rows.position(of: value) else { continue }
      panel.drawYLabel(
        NumberFormat.fixed(value, decimals: yDecimals), atRow: dot / glyphs.dotsPerRow, on: &frame)
    }
    let xTicks = Ticks(
      lower: range.lowerBound, upper: range.upperBound, maxCount: max(panel.areaColumns / 8, 2))
    var nextFree = panel.areaLeft - 1
    for value in xTicks {
      guard let dot = xScale.clampedDot(of: value) else { continue }
      panel.drawXLabel(
        NumberFormat.fixed(value, decimals: xTicks.decimals), atColumn: dot / glyphs.dotsPerColumn,
        nextFree: &nextFree, on: &frame)
    }

    let braille = glyphs == .braille
    var header = RowWriter(row: panel.top, column: panel.left)
    header.write("y ", .axis, on: &frame)
    header.write(usesPatterns ? "⠂⠂" : braille ? "⠒⠒" : "..", .truth, on: &frame)
    header.write(" ", on: &frame)
    header.write(target.label, on: &frame)
    header.write(usesPatterns ? " dotted  " : "  ", on: &frame)
    header.write(braille ? "⠒⠒" : "##", .network, on: &frame)
    header.write(" network  ", on: &frame)
    header.write(braille ? "⠂" : "'", .sample, on: &frame)
    header.write(" samples  ", on: &frame)
    header.write(braille ? "▲▼" : "^v", .clamp, on: &frame)
    header.write(" clamped", on: &frame)
    if let comparison = session.comparison {
      header.write("  ", on: &frame)
      header.write(usesPatterns ? "⠒ ⠒" : braille ? "⠒⠒" : "%%", .comparison, on: &frame)
      header.write(" other: ", on: &frame)
      header.write(comparison.trainer.rule.rawValue, on: &frame)
    }
    if session.overlays.isShowingHiddenUnits {
      header.write("  ", on: &frame)
      header.write(braille ? "⠒" : ":", .unit, on: &frame)
      header.write(" units", on: &frame)
    }
  }

  /// Draws `function` across every dot column, joined column to column; values off the plot are
  /// drawn at the edge with a marker (or, without `markClamps`, left out), and NaN leaves a gap.
  private func drawCurve(
    on canvas: inout Canvas, xScale: Scale, rows: RowScale, series: Canvas.Series,
    markClamps: Bool = true, pattern: Pattern = .solid,
    _ function: (_ column: Int, _ x: Double) -> Double
  ) {
    var previous: Int?
    for x in 0..<canvas.dotColumns {
      switch pattern {
      case .solid: break
      case .dotted:
        guard x % 2 == 0 else { continue }
        previous = nil
      case .dashed:
        guard x % 6 < 3 else {
          previous = nil
          continue
        }
      }
      let y: Int
      switch rows.position(of: function(x, xScale.value(atDot: x))) {
      case .inside(let dot): y = dot
      case .above where markClamps:
        y = 0
        canvas.mark(x: x, y: y, glyphs == .braille ? "▲" : "^", series: series)
      case .below where markClamps:
        y = canvas.dotRows - 1
        canvas.mark(x: x, y: y, glyphs == .braille ? "▼" : "v", series: series)
      case .above, .below, nil:
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
