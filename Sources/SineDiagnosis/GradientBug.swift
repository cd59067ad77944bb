import SineNet

/// One of the original program's two mistakes in its backprop; every ``GradientRule`` is a set of them.
public enum GradientBug: String, CaseIterable, Sendable {
  /// `(y - layer3)` where `(layer3 - y)` is meant: the negative of dE/dŷ, which turns descent into
  /// ascent.
  case flippedSign = "flipped-sign"
  /// `sigmoid_deriv(sigmoid(layer2))` where `sigmoid_deriv(layer2)` is meant: σ'(σ(h)) for σ'(h).
  case sigmoidOfSigmoid = "sigmoid-of-sigmoid"

  /// The bug in a few words, as the reports name it.
  public var name: String {
    switch self {
    case .flippedSign: "flipped sign of dE/dy"
    case .sigmoidOfSigmoid: "sigmoid of a sigmoid"
    }
  }
}

extension GradientRule {
  /// The original program's bugs this rule has, in ``GradientBug`` order; empty for ``correct``.
  public var bugs: [GradientBug] {
    GradientBug.allCases.filter { bug in
      switch bug {
      case .flippedSign: flipsSign
      case .sigmoidOfSigmoid: appliesSigmoidTwice
      }
    }
  }

  /// The rule in a few words: its bugs, or "the true gradient".
  var bugDescription: String {
    let names = bugs.map(\.name)
    return names.isEmpty ? "the true gradient" : names.joined(separator: " and ")
  }

  /// The original program's two backprop lines as this rule computes them, in its own words.
  ///
  /// Under ``original`` these are exactly the original program's lines; under ``correct``, the corrected ones.
  var backpropLines: [String] {
    let error = flipsSign ? "(y - layer3)" : "(layer3 - y)"
    let slope = appliesSigmoidTwice ? "sigmoid_deriv(sigmoid(layer2))" : "sigmoid_deriv(layer2)"
    return [
      "error_wrt_layer2_weights = \(error) * sigmoid(layer2)",
      "error_wrt_layer1_weights = \(error) * layer2_weights * \(slope) * layer1",
    ]
  }
}

extension Collection<GradientRule> {
  /// The bugs every one of these rules has, in ``GradientBug`` order: the bugs a trace shows
  /// whichever of the rules its program computes; empty when there is no rule.
  public var sharedBugs: [GradientBug] {
    GradientBug.allCases.filter { bug in !isEmpty && allSatisfy { $0.bugs.contains(bug) } }
  }
}
