import CPlatform
import SineFormats

/// The mse against the training step on a log scale, over the whole run.
///
/// The y range follows the main run: the comparison's points outside it (a comparison that
/// diverges climbs to 1e+300) are drawn at the edge with a marker, as the function plot marks
/// clamped values, so that the main run's curve keeps the whole height.
struct LossPlot {
  var session: Session
  var glyphs: Canvas.Glyphs

  /// Draws the plot into `panel`, using `canvas` as its scratch space.
  func draw(in panel: PlotPanel, canvas: inout Canvas, on frame: inout Frame) {
    let history = session.history
    var lowest = Double.infinity
    var highest = -Double.infinity
    var lastStep = max(session.trainer.stepCount, 10)
    history.forEachPlotted { point in
      lastStep = max(lastStep, point.step)
      guard point.mse > 0 else { return }
      let logMSE = log10(point.mse)
      lowest = min(lowest, logMSE)
      highest = max(highest, logMSE)
    }
    session.comparison?.history.forEachPlotted { lastStep = max(lastStep, $0.step) }
    let rowCount = max(panel.areaRows, 1)
    let axis = DecadeAxis(
      lowest: lowest.isFinite ? lowest : -2, highest: highest.isFinite ? highest : 0,
      rows: rowCount)

    canvas.reset(columns: panel.areaColumns, rows: panel.areaRows, glyphs: glyphs)
    let xScale = Scale(lower: 0, upper: Double(lastStep), dots: canvas.dotColumns)
    let rows = RowScale(Scale(lower: axis.low, upper: axis.high, dots: canvas.dotRows))
    if let comparison = session.comparison {
      drawLine(comparison.history, series: .comparison, xScale: xScale, rows: rows, on: &canvas)
    }
    drawLine(history, series: .loss, xScale: xScale, rows: rows, on: &canvas)
    canvas.draw(on: &frame, row: panel.areaTop, column: panel.areaLeft)

    panel.drawAxes(on: &frame)
    var decade = axis.highestLabel
    var lastLabelledRow = -1
    while decade >= axis.low {
      if let dotRow = rows.clampedRow(of: decade), dotRow / glyphs.dotsPerRow != lastLabelledRow {
        lastLabelledRow = dotRow / glyphs.dotsPerRow
        panel.drawYLabel("1e" + Self.exponent(decade), atRow: lastLabelledRow, on: &frame)
      }
      decade -= axis.every
    }
    let xTicks = Ticks(lower: 0, upper: Double(lastStep), maxCount: max(panel.areaColumns / 12, 2))
    var nextFree = panel.areaLeft - 1
    for value in xTicks where value == value.rounded() {
      guard let dot = xScale.clampedDot(of: value) else { continue }
      panel.drawXLabel(
        Self.stepLabel(value), atColumn: dot / glyphs.dotsPerColumn, nextFree: &nextFree,
        on: &frame)
    }

    var header = RowWriter(row: panel.top, column: panel.left)
    header.write("mse ", .axis, on: &frame)
    header.write(glyphs == .braille ? "⠒⠒" : "**", .loss, on: &frame)
    header.write(" log scale, against step", on: &frame)
  }

  /// Draws `history` joined point to point; a point off the scale is drawn at the edge with a
  /// marker.
  private func drawLine(
    _ history: LossHistory, series: Canvas.Series, xScale: Scale, rows: RowScale,
    on canvas: inout Canvas
  ) {
    var previous: (x: Int, y: Int)?
    history.forEachPlotted { point in
      guard point.mse > 0, let x = xScale.clampedDot(of: Double(point.step)) else { return }
      let y: Int
      switch rows.position(of: log10(point.mse)) {
      case .inside(let dot): y = dot
      case .above:
        y = 0
        canvas.mark(x: x, y: y, glyphs == .braille ? "▲" : "^", series: series)
      case .below:
        y = canvas.dotRows - 1
        canvas.mark(x: x, y: y, glyphs == .braille ? "▼" : "v", series: series)
      case nil: return
      }
      if let previous {
        canvas.line(from: previous, to: (x, y), series: series)
      } else {
        canvas.plot(x: x, y: y, series: series)
      }
      previous = (x, y)
    }
  }

  /// A decade's exponent as `+02` or `-05`.
  static func exponent(_ decade: Double) -> String {
    guard decade.isFinite, decade.magnitude < 1000 else { return "?" }
    let value = Int(decade)
    let digits = String(value.magnitude)
    return (value < 0 ? "-" : "+") + (digits.count < 2 ? "0" + digits : digits)
  }

  /// A step count for a tick: `0`, `500`, `20k`, `1.5M`.
  static func stepLabel(_ step: Double) -> String {
    NumberFormat.abbreviated(step, wholeWhenExact: true)
  }
}

/// The decades of a log axis: whole decades around the data, labelled at the multiples of
/// ``every`` between them, so that every label is a power of ten and the labels are evenly spaced.
struct DecadeAxis: Equatable {
  /// The lowest decade shown.
  let low: Double
  /// The highest decade shown.
  let high: Double
  /// Decades between labels: 1, 2, 5, 10, 20, 50, 100, ...
  let every: Double

  /// The axis for data from 10^`lowest` to 10^`highest`, with labels on at most `rows` rows.
  init(lowest: Double, highest: Double, rows: Int) {
    // Within the decades a Double holds, and at least one decade tall.
    low = min(max(lowest.rounded(.down), -330), 308)
    high = max(min(highest.rounded(.up), 309), low + 1)
    let labels = Double(max(rows, 1))
    var every = 1.0
    var candidate = 0
    while (high / every).rounded(.down) - (low / every).rounded(.up) + 1 > labels, every < 1000 {
      // The 1-2-5 sequence: 1, 2, 5, 10, 20, 50, ...
      candidate += 1
      let mantissa: Double
      switch candidate % 3 {
      case 0: mantissa = 1
      case 1: mantissa = 2
      default: mantissa = 5
      }
      every = mantissa * pow(10, Double(candidate / 3))
    }
    self.every = every
  }

  /// The highest labelled decade.
  var highestLabel: Double { (high / every).rounded(.down) * every }
}
