/// The panels and overlays drawn over or beside the plots, which keys open and close.
///
/// The help, the explanation and the derivation cover the middle of the screen, so at most one of
/// them is open (``Centre``); the derivation covers the gradient check's corner too, so the two
/// take turns.
public struct Overlays: Sendable, Hashable {
  /// A box over the middle of the screen.
  enum Centre: Sendable, Hashable {
    /// The `?` help.
    case help
    /// The `e` explanation of the original program's problems.
    case explanation
    /// The `d` derivation panel.
    case derivation
  }

  /// The box over the middle of the screen, if one is open.
  private(set) var centre: Centre?
  /// Whether the `g` gradient check panel is open.
  public private(set) var isShowingGradientCheck = false
  /// The hidden unit the derivation follows.
  public private(set) var derivationUnit = 0
  /// Whether each hidden unit's share of the output is drawn behind the curves (`h`).
  public private(set) var isShowingHiddenUnits = false
  /// Whether the plot spans three times the data range, centred on it (`z`).
  public private(set) var isWideView = false

  /// No overlay open.
  public init() {}

  /// Whether the `?` help is open.
  public var isShowingHelp: Bool { centre == .help }
  /// Whether the `e` explanation of the original program's problems is open.
  public var isShowingExplanation: Bool { centre == .explanation }
  /// Whether the `d` derivation panel is open.
  public var isShowingDerivation: Bool { centre == .derivation }

  /// Opens `box` in the middle, closing whichever was there, or closes it when it is open.
  private mutating func toggle(_ box: Centre) {
    centre = centre == box ? nil : box
  }

  /// Opens or closes the help, closing the explanation or the derivation when it opens.
  mutating func toggleHelp() { toggle(.help) }

  /// Opens or closes the explanation, closing the help or the derivation when it opens.
  mutating func toggleExplanation() { toggle(.explanation) }

  /// Opens or closes the gradient check panel, closing the derivation when it opens.
  mutating func toggleGradientCheck() {
    isShowingGradientCheck.toggle()
    if isShowingGradientCheck, isShowingDerivation { centre = nil }
  }

  /// Opens the derivation on `unit`, closing every other panel over the plots, or closes it.
  mutating func toggleDerivation(openingOn unit: Int) {
    toggle(.derivation)
    guard isShowingDerivation else { return }
    derivationUnit = unit
    isShowingGradientCheck = false
  }

  /// Points the derivation at `unit`.
  mutating func followUnit(_ unit: Int) { derivationUnit = unit }

  /// Shows or hides the hidden units.
  mutating func toggleHiddenUnits() { isShowingHiddenUnits.toggle() }

  /// Switches between the data range and the wide view.
  mutating func toggleWideView() { isWideView.toggle() }
}
