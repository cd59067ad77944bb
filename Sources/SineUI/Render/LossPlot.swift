import CPlatform
import SineFormats

/// The mse against the training step on a log scale, over the whole run.
struct LossPlot {
  var session: Session
  var glyphs: Canvas.Glyphs

  /// Draws the plot into `panel`, using `canvas` as its scratch space.
  func draw(in panel: PlotPanel, canvas: inout Canvas, on frame: inout Frame) {
    let history = session.history
    // Whole decades from the smallest to the largest mse, at least one decade tall.
    var lowest = Double.infinity
    var highest = -Double.infinity
    var lastStep = max(session.trainer.stepCount, 10)
    let histories = (main: history, comparison: session.comparison?.history)
    func measure(_ point: LossHistory.Point) {
      guard point.mse > 0 else { return }
      let logMSE = log10(point.mse)
      lowest = min(lowest, logMSE)
      highest = max(highest, logMSE)
      lastStep = max(lastStep, point.step)
    }
    histories.main.forEachPlotted(measure)
    histories.comparison?.forEachPlotted(measure)
    var lowDecade = lowest.isFinite ? max(lowest.rounded(.down), -300) : -2
    var highDecade = highest.isFinite ? min(highest.rounded(.up), 310) : 0
    if highDecade - lowDecade < 1 { highDecade = lowDecade + 1 }
    if lowDecade >= highDecade { lowDecade = highDecade - 1 }

    canvas.reset(columns: panel.areaColumns, rows: panel.areaRows, glyphs: glyphs)
    let xScale = Scale(lower: 0, upper: Double(lastStep), dots: canvas.dotColumns)
    let rows = RowScale(Scale(lower: lowDecade, upper: highDecade, dots: canvas.dotRows))
    func drawLine(_ history: LossHistory, series: Canvas.Series) {
      var previous: (x: Int, y: Int)?
      history.forEachPlotted { point in
        guard point.mse > 0, let x = xScale.clampedDot(of: Double(point.step)),
          let y = rows.clampedRow(of: log10(point.mse))
        else { return }
        if let previous {
          canvas.line(from: previous, to: (x, y), series: series)
        } else {
          canvas.plot(x: x, y: y, series: series)
        }
        previous = (x, y)
      }
    }
    if let comparison = histories.comparison { drawLine(comparison, series: .comparison) }
    drawLine(histories.main, series: .loss)
    canvas.draw(on: &frame, row: panel.areaTop, column: panel.areaLeft)

    panel.drawAxes(on: &frame)
    let decades = Int(highDecade - lowDecade)
    let rowCount = max(panel.areaRows, 1)
    let every = max(1, (decades + rowCount - 1) / rowCount)
    var lastLabelledRow = -1
    for k in Swift.stride(from: 0, through: decades, by: every) {
      let decade = highDecade - Double(k)
      guard let dotRow = rows.clampedRow(of: decade) else { continue }
      let row = dotRow / glyphs.dotsPerRow
      guard row != lastLabelledRow else { continue }
      lastLabelledRow = row
      panel.drawYLabel("1e" + Self.exponent(decade), atRow: row, on: &frame)
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
