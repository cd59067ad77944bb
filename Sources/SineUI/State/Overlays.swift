/// The panels and overlays drawn over or beside the plots, which keys open and close.
///
/// The help, the explanation and the derivation cover the middle of the screen, so at most one of
/// them is open; the derivation covers the gradient check's corner too, so the two take turns.
public struct Overlays: Sendable, Hashable {
  /// Whether the `?` help is open.
  public private(set) var isShowingHelp = false
  /// Whether the `e` explanation of the original program's problems is open.
  public private(set) var isShowingExplanation = false
  /// Whether the `g` gradient check panel is open.
  public private(set) var isShowingGradientCheck = false
  /// Whether the `d` derivation panel is open.
  public private(set) var isShowingDerivation = false
  /// The hidden unit the derivation follows.
  public private(set) var derivationUnit = 0
  /// Whether each hidden unit's share of the output is drawn behind the curves (`h`).
  public private(set) var isShowingHiddenUnits = false
  /// Whether the plot spans three times the data range, centred on it (`z`).
  public private(set) var isWideView = false

  /// No overlay open.
  public init() {}

  /// Opens or closes the help, closing the explanation when it opens.
  mutating func toggleHelp() {
    isShowingHelp.toggle()
    if isShowingHelp {
      isShowingExplanation = false
      isShowingDerivation = false
    }
  }

  /// Opens or closes the explanation, closing the help when it opens.
  mutating func toggleExplanation() {
    isShowingExplanation.toggle()
    if isShowingExplanation {
      isShowingHelp = false
      isShowingDerivation = false
    }
  }

  /// Opens or closes the gradient check panel, closing the derivation when it opens.
  mutating func toggleGradientCheck() {
    isShowingGradientCheck.toggle()
    if isShowingGradientCheck { isShowingDerivation = false }
  }

  /// Opens the derivation on `unit`, closing every other panel over the plots, or closes it.
  mutating func toggleDerivation(openingOn unit: Int) {
    isShowingDerivation.toggle()
    guard isShowingDerivation else { return }
    derivationUnit = unit
    isShowingHelp = false
    isShowingExplanation = false
    isShowingGradientCheck = false
  }

  /// Points the derivation at `unit`.
  mutating func followUnit(_ unit: Int) { derivationUnit = unit }

  /// Shows or hides the hidden units.
  mutating func toggleHiddenUnits() { isShowingHiddenUnits.toggle() }

  /// Switches between the data range and the wide view.
  mutating func toggleWideView() { isWideView.toggle() }
}
