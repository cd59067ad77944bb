/// One terminal cell: a single-column character and how it is shown.
///
/// The character is one Unicode scalar (every glyph sinetui draws is one), which keeps a cell
/// small and free of reference counting: a 200x60 frame is 12,000 of them, redrawn 30 times a
/// second.
public struct Cell: Hashable, Sendable {
  /// The character, one column wide.
  public var scalar: Unicode.Scalar
  /// How it is shown.
  public var tone: Tone

  /// A cell showing `scalar` in `tone`.
  public init(_ scalar: Unicode.Scalar, _ tone: Tone = .plain) {
    self.scalar = scalar
    self.tone = tone
  }

  /// An empty cell.
  public static let blank = Cell(" ")
}
