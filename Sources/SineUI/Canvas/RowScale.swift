/// A y scale counted in dot rows from the top, as the canvas counts them.
struct RowScale {
  let scale: Scale

  init(_ scale: Scale) {
    self.scale = scale
  }

  /// The dot row for `value`, from the top; nil for NaN.
  func position(of value: Double) -> Scale.Position? {
    switch scale.position(of: value) {
    case .inside(let dot): .inside(scale.dots - 1 - dot)
    case .below: .below
    case .above: .above
    case nil: nil
    }
  }

  /// The dot row for `value` clamped to the scale, from the top; nil for NaN.
  func clampedRow(of value: Double) -> Int? {
    scale.clampedDot(of: value).map { scale.dots - 1 - $0 }
  }
}
