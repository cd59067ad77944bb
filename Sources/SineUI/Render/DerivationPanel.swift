/// The `d` panel: one hidden unit's part in the next step, in a box over the plots that leaves
/// the status line and the key line in view, or a note of the size it needs where it cannot.
struct DerivationPanel {
  var session: Session
  var glyphs: Canvas.Glyphs

  /// Rows the panel leaves to the status line above it and the key line below.
  private static let keptRows = (top: 2, bottom: 1)

  /// Draws the panel centred across `frame`, below the status line.
  func draw(on frame: inout Frame) {
    let trainer = session.trainer
    let network = trainer.hasDiverged ? session.lastFiniteNetwork : trainer.network
    let table = DerivationTable(
      trainer: trainer, network: network,
      unit: min(max(session.overlays.derivationUnit, 0), network.hidden - 1),
      notation: DerivationNotation(glyphs))
    let lines = table.lines
    let widest = lines.map(\.text.unicodeScalars.count).max() ?? 0
    let size = (
      columns: widest + 4, rows: lines.count + 2 + Self.keptRows.top + Self.keptRows.bottom
    )
    let box = TextBox(glyphs: glyphs)
    guard frame.columns >= size.columns, frame.rows >= size.rows else {
      let note = [
        "the derivation needs \(size.columns)x\(size.rows)",
        "have \(frame.columns)x\(frame.rows); d closes",
      ]
      box.draw(note, widest: note.map(\.count).max() ?? 0, on: &frame)
      return
    }
    let left = (frame.columns - size.columns) / 2
    box.draw(
      lines.map(\.text), widest: widest,
      topRight: (row: Self.keptRows.top, column: left + size.columns - 1), on: &frame
    ) { lines[$0].isMarked ? .warning : .plain }
  }
}
