import SineNet

/// One way a backprop can compute a parameter group's gradient: a variant of each factor the
/// group's gradient has (``GradientFactors``), the correct one or a mistaken one.
///
/// The gradient of one sample, with E the ``ErrorTerm``, Wᵢ the ``OutgoingFactor`` and Dᵢ the
/// ``HiddenSlope`` (δᵢ = E·Wᵢ·Dᵢ, or the slope of gᵢ = E·Wᵢ for ``HiddenSlope/ofUpstream``):
///
///     b2: E        w2ᵢ: E·aᵢ or E·ŷ        b1ᵢ: δᵢ or Σⱼ δⱼ        w1ᵢ: δᵢ·x, δᵢ or δᵢ·aᵢ
///
/// and a step's gradient is the mean of its samples'. The sign and scale of the update, and
/// whether the group is updated at all, are not part of a formula: ``BugSearch`` tries each
/// formula with the update −η·g, +η·g and −c·η·g for a constant c it fits.
struct Formula: Hashable, Sendable {
  /// The group whose gradient this is.
  var group: ParameterGroup
  /// The error term, in every group.
  var error = ErrorTerm.error
  /// The slope in δ, for w1 and b1.
  var slope = HiddenSlope.correct
  /// The outgoing weight in δ, for w1 and b1.
  var outgoing = OutgoingFactor.weight
  /// w1's factor after δ.
  var input = LayerInput.input
  /// b1's gradient.
  var bias = BiasGradient.own
  /// w2's factor after the error term.
  var output = OutputInput.activation

  /// The correct formula of `group`.
  static func correct(_ group: ParameterGroup) -> Formula { Formula(group: group) }

  /// Whether δ comes into the group's gradient.
  var usesDelta: Bool { group == .w1 || group == .b1 }

  /// The bugs this formula is on units of `activation`, in catalog order, each once.
  func bugs(for activation: Activation) -> [GradientBug] {
    var bugs = error.bugs
    switch group {
    case .w1, .b1:
      bugs += slope.bugs(for: activation) + outgoing.bugs
      bugs += group == .w1 ? input.bugs : bias.bugs
    case .w2: bugs += output.bugs
    case .b2: break
    }
    return Array(Set(bugs)).sorted()
  }

  // MARK: - Every formula of a group

  /// Every formula of `group` on a network of `hidden` units of `activation`, the correct one
  /// first and then by the number of factors that differ from it, so that of two formulas that
  /// explain a trace alike the simpler comes first.
  static func all(for group: ParameterGroup, activation: Activation, hidden: Int) -> [Formula] {
    var formulas: [Formula] = []
    for error in ErrorTerm.allCases {
      switch group {
      case .b2: formulas.append(Formula(group: group, error: error))
      case .w2:
        for output in OutputInput.allCases {
          formulas.append(Formula(group: group, error: error, output: output))
        }
      case .w1, .b1:
        for slope in HiddenSlope.variants(for: activation) {
          for outgoing in OutgoingFactor.allCases {
            if group == .w1 {
              for input in LayerInput.allCases {
                formulas.append(
                  Formula(
                    group: group, error: error, slope: slope, outgoing: outgoing, input: input))
              }
            } else {
              // With one unit, Σⱼ δⱼ is δ itself.
              for bias in hidden > 1 ? BiasGradient.allCases : [.own] {
                formulas.append(
                  Formula(group: group, error: error, slope: slope, outgoing: outgoing, bias: bias))
              }
            }
          }
        }
      }
    }
    return formulas.enumerated().sorted { left, right in
      let (l, r) = (left.element.differences, right.element.differences)
      return l != r ? l < r : left.offset < right.offset
    }.map(\.element)
  }

  /// How many factors differ from the correct formula's.
  private var differences: Int {
    // Counted one by one, not through an array: the sort above asks it thousands of times.
    var count = 0
    if error != .error { count += 1 }
    if slope != .correct { count += 1 }
    if outgoing != .weight { count += 1 }
    if input != .input { count += 1 }
    if bias != .own { count += 1 }
    if output != .activation { count += 1 }
    return count
  }

  // MARK: - In words

  /// The gradient of one sample as this formula computes it, in the notation of the catalog:
  /// `e·w2·a(1−a)·x`.
  func expression(for activation: Activation) -> String {
    let term =
      switch error {
      case .error: "e"
      case .loss: "½e²"
      case .errorTimesOutputSlope: "e·ŷ(1−ŷ)"
      case .lossTimesOutputSlope: "½e²·ŷ(1−ŷ)"
      }
    switch group {
    case .b2: return term
    case .w2: return term + (output == .activation ? "·a" : "·ŷ")
    case .w1, .b1:
      let (delta, upstream) = self.delta(term: term, activation: activation)
      let gradient: String
      if group == .b1 {
        gradient = bias == .own ? delta : "Σ(\(delta))"
      } else {
        switch input {
        case .input: gradient = delta + "·x"
        case .none: gradient = delta
        case .activation: gradient = delta + "·a"
        }
      }
      return upstream.map { "\(gradient), g = \($0)" } ?? gradient
    }
  }

  /// δ in words, and for ``HiddenSlope/ofUpstream`` what its g stands for.
  private func delta(term: String, activation: Activation) -> (String, String?) {
    let weight =
      switch outgoing {
      case .weight: "w2"
      case .none: ""
      case .weightGradient: "\(term)·a"
      case .outputWeightGradient: "\(term)·ŷ"
      case .updatedWeight: "w2'"
      }
    let upstream = weight.isEmpty ? term : "\(term)·\(weight)"
    if slope == .ofUpstream {
      return (activation == .sigmoid ? "g(1−g)" : "(1−tanh²(g))", upstream)
    }
    let factor: String =
      switch (slope, activation) {
      case (.none, _): ""
      case (.correct, .sigmoid): "a(1−a)"
      case (.correct, .tanh): "(1−a²)"
      case (.correct, .relu): "1[h>0]"
      case (.atActivation, .sigmoid): "σ(a)(1−σ(a))"
      case (.atActivation, .tanh): "(1−tanh²(a))"
      case (.atActivation, .relu): "1[h>0]"
      case (.atPreActivation, .sigmoid): "h(1−h)"
      case (.atPreActivation, _): "(1−h²)"
      case (.ofUpstream, _): ""
      }
    return (factor.isEmpty ? upstream : "\(upstream)·\(factor)", nil)
  }
}
