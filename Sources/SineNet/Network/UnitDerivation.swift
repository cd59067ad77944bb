/// One hidden unit's part in a plain SGD step on one sample, factor by factor: the forward pass
/// h, a, ŷ and L, the backward factors, and the gradient components they multiply to.
///
/// These are the numbers the step itself computes, from the same code: the same forward pass
/// (so ŷ, aᵢ and the slope are the step's bits), then the same per-unit product
/// `unitGradient(error:outgoingWeight:slope:activation:input:)`. So for the parameters θ this was
/// made at, the next ``Network/descend(x:y:rule:eta:)`` on the same sample and rule leaves
/// w1ᵢ = w1ᵢ − η · ``w1Gradient`` exactly, computed in that order (one rounding for the product,
/// one for the difference), and likewise w2ᵢ, b1ᵢ and b2: the products are the update divided
/// by −η. (The stored difference θ′ − θ is the update only to within the rounding of the
/// subtraction, half an ulp of θ′.)
///
/// Under a rule with the flipped sign, ``outputError`` is y − ŷ; under the slip, ``slope`` is the
/// slope evaluated at the activation. The product's order is ∂L/∂hᵢ = (w2ᵢ · act'(hᵢ)) · ∂L/∂ŷ,
/// then ∂L/∂w1ᵢ = ∂L/∂hᵢ · x, ∂L/∂w2ᵢ = aᵢ · ∂L/∂ŷ, ∂L/∂b1ᵢ = ∂L/∂hᵢ, ∂L/∂b2 = ∂L/∂ŷ.
public struct UnitDerivation: Sendable, Hashable {
  /// The hidden unit, i.
  public var unit: Int
  /// The sample's input.
  public var x: Double
  /// The sample's target.
  public var y: Double
  /// The unit's pre-activation hᵢ = w1ᵢ · x + b1ᵢ.
  public var preActivation: Double
  /// The unit's activation aᵢ = act(hᵢ).
  public var activation: Double
  /// The network's output ŷ.
  public var prediction: Double
  /// The loss L = ½(ŷ − y)².
  public var loss: Double
  /// ∂L/∂ŷ as the rule computes it: ŷ − y, or y − ŷ under the flipped sign.
  public var outputError: Double
  /// The unit's outgoing weight w2ᵢ.
  public var outgoingWeight: Double
  /// act'(hᵢ) as the rule computes it (under the slip, evaluated at aᵢ).
  public var slope: Double
  /// ∂L/∂hᵢ = (w2ᵢ · act'(hᵢ)) · ∂L/∂ŷ, the error the unit passes back, with or without biases.
  public var hiddenError: Double
  /// ∂L/∂w1ᵢ = ((w2ᵢ · act'(hᵢ)) · ∂L/∂ŷ) · x.
  public var w1Gradient: Double
  /// ∂L/∂w2ᵢ = aᵢ · ∂L/∂ŷ.
  public var w2Gradient: Double
  /// ∂L/∂b1ᵢ = (w2ᵢ · act'(hᵢ)) · ∂L/∂ŷ, or nil for a network without biases.
  public var b1Gradient: Double?
  /// ∂L/∂b2 = ∂L/∂ŷ, or nil for a network without biases.
  public var b2Gradient: Double?
}

extension Network {
  /// Hidden unit `unit`'s part in a plain SGD step on sample (`x`, `y`) under `rule`, at the
  /// current parameters: see ``UnitDerivation``.
  ///
  /// A trainer's next step takes ``Trainer/nextSample`` (first).
  ///
  /// - Precondition: `unit` is in `0..<hidden`.
  public func derivation(ofUnit unit: Int, x: Double, y: Double, rule: GradientRule)
    -> UnitDerivation
  {
    derivation(ofUnit: unit, x: x, y: y, rule: rule, layout: .standard(hidden: hidden))
  }

  /// ``derivation(ofUnit:x:y:rule:)``, with the forward pass walking the units in `layout`.
  func derivation(ofUnit unit: Int, x: Double, y: Double, rule: GradientRule, layout: UnitLayout)
    -> UnitDerivation
  {
    precondition((0..<hidden).contains(unit), "no such hidden unit")
    let h = hidden
    return withForwardPass(at: x, rule: rule, layout: layout) { prediction, scratch in
      let (loss, error) = outputError(prediction: prediction, target: y, rule: rule)
      let w2 = storage[h + unit]
      let slope = scratch[h + unit]
      let activation = scratch[unit]
      let gradient = unitGradient(
        error: error, outgoingWeight: w2, slope: slope, activation: activation, input: x)
      return UnitDerivation(
        unit: unit, x: x, y: y,
        preActivation: preActivation(w1: storage[unit], b1: storage[2 * h + unit], x: x),
        activation: activation, prediction: prediction, loss: loss, outputError: error,
        outgoingWeight: w2, slope: slope, hiddenError: gradient.b1, w1Gradient: gradient.w1,
        w2Gradient: gradient.w2,
        b1Gradient: hasBiases ? gradient.b1 : nil, b2Gradient: hasBiases ? error : nil)
    }
  }
}
