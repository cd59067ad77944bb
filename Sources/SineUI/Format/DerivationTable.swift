import SineFormats
import SineNet

/// The lines of the `d` panel: one hidden unit's part in the next step, the forward pass with its
/// numbers, then the backward pass a factor a row, correct beside the active rule.
///
/// Every number comes from ``SineNet/Network/derivation(ofUnit:x:y:rule:)``, the step's own
/// code, so that under plain per-sample SGD the rule's products are the next update divided by
/// −η. A factor the rule computes differently from the correct one is marked (`≠`, or `!=` in
/// ASCII); the products are not, since they only follow from the factors.
struct DerivationTable {
  /// One line of the panel.
  struct Line: Equatable {
    /// The text, at most ``DerivationTable/width`` characters.
    var text: String
    /// Whether it is a factor the rule computes wrongly.
    var isMarked = false
  }

  /// The run whose next step is derived.
  var trainer: Trainer
  /// The weights the derivation is taken at: the trainer's, or its last finite ones after a
  /// divergence.
  var network: Network
  /// The hidden unit, in `0..<network.hidden`.
  var unit: Int
  /// The symbols.
  var notation: DerivationNotation

  // MARK: - Columns

  /// The factor's name.
  private static let nameWidth = 11
  /// A formula, with a space after it at least.
  private static let formulaWidth = 19
  /// A value, right-aligned: `NumberFormat.short` writes at most 11 characters.
  private static let valueWidth = 11
  /// The mark between the correct rule's column and the active rule's.
  private static let markWidth = 4
  /// The widest line.
  static let width = nameWidth + 2 * (formulaWidth + valueWidth) + markWidth

  // MARK: - Lines

  /// Every line, title first.
  var lines: [Line] {
    let sample = trainer.nextSample
    let rule = trainer.rule
    let correct = network.derivation(ofUnit: unit, x: sample.x, y: sample.y, rule: .correct)
    let ruled = network.derivation(ofUnit: unit, x: sample.x, y: sample.y, rule: rule)
    return [title(sample)] + forward(correct) + backward(correct, ruled, rule: rule) + notes(rule)
  }

  private func title(_ sample: Sample) -> Line {
    let rank = (UnitOrder.units(of: network).firstIndex(of: unit) ?? 0) + 1
    return Line(
      text: "next step, unit i = \(unit + 1) of \(network.hidden) (|w2| rank \(rank)), x = "
        + number(sample.x) + ", y = " + number(sample.y))
  }

  private func forward(_ d: UnitDerivation) -> [Line] {
    let n = notation
    let (h, a) = (n.indexed("h"), n.indexed("a"))
    var formula = h + " = " + n.indexed("w1") + n.times + "x"
    var values = number(network.w1[unit]) + n.times + number(d.x)
    if let b1 = network.b1 {
      formula += " + " + n.indexed("b1")
      // A negative bias reads as a subtraction: `1.8·6.3 − 5.9`, not `+ -5.9`.
      let bias = b1[unit]
      values += bias.sign == .minus ? n.minus + number(-bias) : " + " + number(bias)
    }
    let b2 = network.hasBiases ? " + b2" : ""
    let indent = cell("", Self.nameWidth)
    return [
      Line(
        text: cell("forward", Self.nameWidth) + formula + " = " + values + " = "
          + number(d.preActivation)),
      Line(
        text: indent + a + " = " + n.name(of: network.activation) + "(" + h + ") = "
          + number(d.activation)),
      Line(text: indent + n.output + " = " + n.sum + b2 + " = " + number(d.prediction)),
      Line(text: indent + "L = " + n.loss + " = " + number(d.loss)),
    ]
  }

  private func backward(_ correct: UnitDerivation, _ ruled: UnitDerivation, rule: GradientRule)
    -> [Line]
  {
    let n = notation
    let activation = network.activation
    let flips = rule.flipsSign
    // The slip changes nothing for ReLU: aᵢ > 0 exactly when hᵢ > 0.
    let slips = rule.appliesSigmoidTwice && activation.slipChangesSlope
    let y = n.output
    var lines = [
      Line(
        text: cell("backward", Self.nameWidth)
          + cell("correct", Self.formulaWidth + Self.valueWidth + Self.markWidth)
          + "rule: " + rule.rawValue),
      factor(
        n.dLdy, (y + n.minus + "y", correct.outputError),
        (flips ? "y" + n.minus + y : y + n.minus + "y", ruled.outputError), marked: flips),
      factor(
        n.dyda, (n.indexed("w2"), correct.outgoingWeight),
        (n.indexed("w2"), ruled.outgoingWeight), marked: false),
      factor(
        n.dadh, (n.slope(of: activation), correct.slope),
        (rule.appliesSigmoidTwice ? n.slip(of: activation) : n.slope(of: activation), ruled.slope),
        marked: slips),
      factor(n.dhdw1, ("x", correct.x), ("x", ruled.x), marked: false),
      product(n.dLdh, n.backward, correct.hiddenError, ruled.hiddenError),
      product(
        n.gradient(of: "w2"), n.indexed("a") + n.times + n.dLdy, correct.w2Gradient,
        ruled.w2Gradient),
      product(
        n.gradient(of: "w1"), n.dLdh + n.times + "x", correct.w1Gradient, ruled.w1Gradient),
    ]
    if let b1 = correct.b1Gradient, let ruledB1 = ruled.b1Gradient {
      lines.append(product(n.gradient(of: "b1"), n.dLdh, b1, ruledB1))
    }
    if let b2 = correct.b2Gradient, let ruledB2 = ruled.b2Gradient {
      lines.append(product(n.gradient(of: "b2"), n.dLdy, b2, ruledB2))
    }
    return lines
  }

  /// What the numbers are and are not, then the keys.
  private func notes(_ rule: GradientRule) -> [Line] {
    let n = notation
    var notes: [String] = []
    if trainer.hasDiverged {
      notes.append("diverged: these are the last finite weights; r resets")
    } else if trainer.optimizer != .sgd {
      notes.append(
        "\(trainer.optimizer.rawValue): the update is not " + n.eta + " times these; "
          + "it keeps a memory")
    } else if trainer.batchSize > 1 {
      notes.append(
        "batch \(trainer.batchSize): the update averages \(trainer.batchSize) samples'; "
          + "this is the first")
    } else {
      notes.append(
        "next step: " + n.theta + " " + n.becomes + " " + n.theta + n.minus + n.eta
          + n.times + "(rule column), " + n.eta + " = " + NumberFormat.shortest(trainer.eta))
    }
    if rule.appliesSigmoidTwice, !network.activation.slipChangesSlope {
      notes.append("relu: a > 0 exactly when h > 0, so the slip changes nothing")
    }
    return notes.map { Line(text: $0) } + [Line(text: "u U next/previous unit   n step   d closes")]
  }

  // MARK: - Rows

  /// A factor's row: its name, the correct formula and value, the mark, the rule's.
  private func factor(
    _ name: String, _ correct: (String, Double), _ ruled: (String, Double), marked: Bool
  ) -> Line {
    let mark = marked ? notation.differs : ""
    return Line(
      text: cell(name, Self.nameWidth) + cell(correct.0, Self.formulaWidth)
        + value(correct.1) + centred(mark, Self.markWidth) + cell(ruled.0, Self.formulaWidth)
        + value(ruled.1),
      isMarked: marked)
  }

  /// A product's row: its name and formula, the correct value, the rule's under the rule's.
  private func product(_ name: String, _ formula: String, _ correct: Double, _ ruled: Double)
    -> Line
  {
    Line(
      text: cell(name, Self.nameWidth) + cell(formula, Self.formulaWidth) + value(correct)
        + cell("", Self.markWidth + Self.formulaWidth) + value(ruled))
  }

  // MARK: - Text

  private func number(_ value: Double) -> String { NumberFormat.short(value) }

  /// `value` right-aligned in its column.
  private func value(_ value: Double) -> String {
    let text = number(value)
    return String(repeating: " ", count: max(Self.valueWidth - text.unicodeScalars.count, 0))
      + text
  }

  /// `text` left-aligned in `width` columns.
  private func cell(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(width - text.unicodeScalars.count, 0))
  }

  /// `text` centred in `width` columns.
  private func centred(_ text: String, _ width: Int) -> String {
    let left = max(width - text.unicodeScalars.count, 0) / 2
    return cell(String(repeating: " ", count: left) + text, width)
  }
}
