import SineFormats
import SineNet

/// The `g` panel: the active rule's gradient against finite differences, group by group.
///
/// Taken at the current weights and a fixed probe sample. Rows off by more than 1e-3 are marked.
struct GradientCheckPanel {
  var session: Session
  var glyphs: Canvas.Glyphs

  /// Draws the panel with its top right corner at `topRight`.
  func draw(on frame: inout Frame, topRight: (row: Int, column: Int)) {
    let probe = session.probe
    var lines = [
      "gradient check: \(session.trainer.rule.rawValue), x = "
        + NumberFormat.fixed(probe.x, decimals: 4) + ", y = "
        + NumberFormat.fixed(probe.y, decimals: 4),
      GradientCheckTable.compactHeader,
    ]
    var wrong: [Bool] = [false, false]
    if let check = session.gradientCheck {
      for row in check.rows {
        lines.append(GradientCheckTable.compactLine(for: row))
        wrong.append(GradientCheckTable.isWrong(row))
      }
    } else {
      lines.append("computing...")
      wrong.append(false)
    }
    let widest = lines.map(\.count).max() ?? 0
    TextBox(glyphs: glyphs).draw(lines, widest: widest, topRight: topRight, on: &frame) {
      wrong[$0] ? .warning : .plain
    }
  }
}
