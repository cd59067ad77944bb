#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The mse against the training step on a log scale, over the whole run.
struct LossPlot {
  var session: Session
  var glyphs: Canvas.Glyphs

  func draw(in panel: PlotPanel, on frame: inout Frame) {
    let area = panel.area
    let points = session.history.plotted.filter { $0.mse > 0 && $0.mse.isFinite }
    let lastStep = max(points.last?.step ?? 0, session.trainer.stepCount, 10)
    // Whole decades from the smallest to the largest mse, at least one decade tall.
    let logs = points.map { log10($0.mse) }
    var lowDecade = (logs.min() ?? -2).rounded(.down)
    var highDecade = (logs.max() ?? 0).rounded(.up)
    if highDecade - lowDecade < 1 { highDecade = lowDecade + 1 }
    lowDecade = max(lowDecade, -300)
    highDecade = min(max(highDecade, lowDecade + 1), 310)

    var canvas = Canvas(columns: area.columns, rows: area.rows, glyphs: glyphs)
    let xScale = Scale(lower: 0, upper: Double(lastStep), dots: canvas.dotColumns)
    let yScale = Scale(lower: lowDecade, upper: highDecade, dots: canvas.dotRows)
    var previous: (x: Int, y: Int)?
    for (point, logMSE) in zip(points, logs) {
      guard let x = xScale.clampedDot(of: Double(point.step)),
        let dot = yScale.clampedDot(of: logMSE)
      else { continue }
      let current = (x: x, y: canvas.dotRows - 1 - dot)
      if let previous {
        canvas.line(from: previous, to: current, series: .loss)
      } else {
        canvas.plot(x: current.x, y: current.y, series: .loss)
      }
      previous = current
    }
    canvas.draw(on: &frame, row: area.top, column: area.left)

    let decades = Int(highDecade - lowDecade)
    let every = max(1, (decades + max(area.rows, 1) - 1) / max(area.rows, 1))
    var yLabels: [(Int, String)] = []
    for k in Swift.stride(from: 0, through: decades, by: every) {
      let decade = highDecade - Double(k)
      guard let dot = yScale.clampedDot(of: decade) else { continue }
      let row = (canvas.dotRows - 1 - dot) / glyphs.dotsPerRow
      if !yLabels.contains(where: { $0.0 == row }) {
        yLabels.append((row, "1e" + exponent(decade)))
      }
    }
    let xTicks = Ticks.linear(
      lower: 0, upper: Double(lastStep), maxCount: max(area.columns / 12, 2))
    let xLabels = xTicks.values.compactMap { value -> (Int, String)? in
      guard value == value.rounded(), let dot = xScale.clampedDot(of: value) else { return nil }
      return (dot / glyphs.dotsPerColumn, Self.stepLabel(value))
    }
    let header: [(String, Tone)] = [
      ("mse ", .axis), (glyphs == .braille ? "⠒⠒" : "**", .loss),
      (" log scale, against step", .plain),
    ]
    panel.drawFrame(on: &frame, header: header, yTicks: yLabels, xTicks: xLabels, glyphs: glyphs)
  }

  /// A decade's exponent as `+02` or `-05`.
  private func exponent(_ decade: Double) -> String {
    guard decade.isFinite else { return "?" }
    let value = Int(decade)
    let digits = String(value.magnitude)
    return (value < 0 ? "-" : "+") + (digits.count < 2 ? "0" + digits : digits)
  }

  /// A step count for a tick: `0`, `500`, `20k`, `1.5M`.
  static func stepLabel(_ step: Double) -> String {
    guard step >= 1000 else { return NumberFormat.fixed(step, decimals: 0) }
    for (scale, suffix) in [(1e9, "G"), (1e6, "M"), (1e3, "k")] where step >= scale {
      let value = step / scale
      let whole = value == value.rounded()
      return NumberFormat.fixed(value, decimals: whole ? 0 : 1) + suffix
    }
    return NumberFormat.fixed(step, decimals: 0)
  }
}
