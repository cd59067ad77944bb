import SineFormats
import SineNet

/// What a bug a diagnosis found means for the person who wrote the code: what the code computes,
/// the corrected line, and what the bug does to learning.
///
/// The lines are in NumPy style with the names of the catalog: `x` and `y` the sample,
/// `h = w1 * x + b1`, `a = sigmoid(h)` (or `np.tanh(h)`, `np.maximum(h, 0)`),
/// `yhat = a @ w2 + b2`, `err = yhat - y`, `d_hidden` the hidden units' δ, and `dw1`, `db1`,
/// `dw2`, `db2` the groups' gradients.
public struct BugAdvice: Sendable, Hashable {
  /// What the code computes instead of the correct gradient, in plain words.
  public var computes: String
  /// The corrected line.
  public var fix: String
  /// What the bug does to learning, in plain words.
  public var effect: String
  /// What the bug does to learning, in a word.
  public var consequence: Consequence

  /// What a bug does to learning.
  public enum Consequence: String, Sendable, Hashable {
    /// The network does not learn (or learns only where the bug happens not to matter).
    case stopsLearning = "stops learning"
    /// It learns, more slowly or to a worse fit.
    case slowsLearning = "slows learning"
    /// It learns about as well as the correct code.
    case stillConverges = "still converges"
  }

  /// The advice for `bug` found in `groups` of a network of `activation` units trained on
  /// mini-batches of `batch`, with wrong-scale's constant `scale`.
  public init(
    _ bug: GradientBug, groups: [ParameterGroup], activation: Activation, batch: Int,
    hidden: Int, scale: Double? = nil
  ) {
    let slope = Self.slope(activation)
    let correctDelta = "d_hidden = err * w2 * \(slope)"
    switch bug {
    case .flippedSign:
      let every = Set(groups).isSuperset(of: [.w1, .w2])
      computes =
        "the parameters move by +η·gradient, uphill, as `err = y - yhat` followed by "
        + "`w -= lr * grad` does"
      fix =
        "err = yhat - y    # the derivative of ½(yhat - y)², then w -= lr * grad in every layer"
      effect =
        every
        ? "stops learning: gradient ascent, the loss grows and the weights run away until they "
          + "overflow"
        : "stops learning: the flipped groups climb the loss while the others descend it"
      consequence = .stopsLearning
    case .sigmoidOfSigmoid:
      computes =
        "the hidden slope is σ'(σ(h)) = σ(a)(1 − σ(a)), the derivative taken at the activation "
        + "a = σ(h) instead of at h (`sigmoid_deriv(sigmoid(h))`)"
      fix = "\(correctDelta)    # a = sigmoid(h) is already the activation"
      effect =
        "stops learning once units saturate: the slope stays between 0.197 and 0.25 however "
        + "saturated a unit is, so saturated units are pushed as hard as switching ones (sin x on "
        + "[0, 15) flattens to mse 0.5; docs/double-sigmoid.md); on a narrow input range, where no "
        + "unit saturates, it still converges"
      consequence = .stopsLearning
    case .tanhOfTanh:
      computes =
        "the hidden slope is 1 − tanh²(a), the derivative taken at the activation a = tanh(h) "
        + "instead of at h (`1 - np.tanh(a)**2` with a already tanh(h))"
      fix = "\(correctDelta)    # a = np.tanh(h) is already the activation"
      effect =
        "slows learning: the slope stays between 0.42 and 1 however saturated a unit is, so "
        + "saturated units are pushed as hard as switching ones; it still learns, to a worse fit "
        + "(sin x on [0, 15): mse 0.007-0.013 after 3M steps, against 0.001-0.002 with the "
        + "correct slope)"
      consequence = .slowsLearning
    case .derivativeOfPreActivation:
      let formula = activation == .sigmoid ? "h(1 − h)" : "1 − h²"
      let negative = activation == .sigmoid ? "h > 1 or h < 0" : "|h| > 1"
      computes =
        "the hidden slope is \(formula) on the pre-activation h: the formula of the slope from the "
        + "activation, called on h (`x*(1-x)` called on Z)"
      fix = "\(correctDelta)    # on a = \(Self.activation(activation)), not on h"
      effect =
        "stops learning: the slope is negative wherever \(negative), so those units climb the "
        + "loss, and it grows without bound with |h|"
      consequence = .stopsLearning
    case .missingActivationDerivative:
      computes =
        "δ = err·w2 without the activation's derivative (`d_hidden = W2.T @ d_out`)"
      fix = correctDelta
      if activation == .relu {
        effect =
          "slows learning: inactive units (h ≤ 0) are updated as if they were active, so they "
          + "move although they change nothing"
      } else {
        effect =
          "slows learning or stalls it: every unit is pushed as if it were at its steepest, "
          + "saturated ones included"
      }
      consequence = .slowsLearning
    case .derivativeOfUpstream:
      let formula = activation == .sigmoid ? "g(1 − g)" : "1 − tanh²(g)"
      computes =
        "δ = \(formula) with g = err·w2: the activation's derivative applied to the gradient "
        + "coming back instead of to h (`dz = dh*(1-dh)`)"
      fix = correctDelta
      effect =
        "stops learning: the first layer's update no longer depends on the units' slopes"
        + (activation == .sigmoid
          ? " and is not proportional to the error" : " and is never negative, whatever the error")
      consequence = .stopsLearning
    case .missingOutgoingWeight:
      computes =
        "δ = err·act'(h) without w2 (`delta_hidden = error * sigmoid(hidden, True)`)"
      fix = correctDelta
      effect =
        "stops learning: every unit moves as if its outgoing weight were 1, so units with a "
        + "negative w2 are pushed uphill"
      consequence = .stopsLearning
    case .weightGradientForWeight:
      computes =
        "δ uses w2's gradient err·a where w2 belongs, δ = err·(err·a)·act'(h) "
        + "(`dZ1 = dW2.T @ dZ2 * ...`)"
      fix = "\(correctDelta)    # w2, not dw2"
      effect =
        "stops learning: the factor err²·a ignores the outgoing weights and their signs"
      consequence = .stopsLearning
    case .updatedOutgoingWeight:
      computes =
        "δ uses w2 after this step's update: `w2 -= lr * dw2` runs before "
        + "`d_hidden = err * w2 * ...`"
      fix = "\(correctDelta)    # before w2 -= lr * dw2, or from a copy of w2"
      effect =
        "still converges, usually as well as the correct code: w2 has moved by only η·err·a, a "
        + "change of second order in η. Fix it for exactness; it is not why a network does not learn"
      consequence = .stillConverges
    case .outputForInput:
      var parts: [String] = []
      var fixes: [String] = []
      if groups.contains(.w2) {
        parts.append("w2's gradient is err·yhat, the same for every unit, where err·a belongs")
        fixes.append("dw2 = err * a")
      }
      if groups.contains(.w1) {
        parts.append("w1's gradient is δ·a where δ·x belongs")
        fixes.append("dw1 = d_hidden * x")
      }
      if parts.isEmpty {
        parts.append("δ uses w2's gradient computed from the layer's output")
        fixes.append("dw2 = err * a")
      }
      computes =
        "the weight gradients use the layer's output instead of its input: "
        + parts.joined(separator: "; ") + " (`dW2 = dZ2 @ A2.T`)"
      fix = fixes.joined(separator: "; ") + "    # each layer's input: A1.T @ d_out, X.T @ d_hidden"
      effect =
        "stops learning: "
        + (groups.contains(.w2)
          ? "every w2 moves by the same amount, so the units cannot take different roles"
          : "w1's steps do not depend on the input")
      consequence = .stopsLearning
    case .missingInput:
      computes = "w1's gradient lacks the input: dw1 = δ where δ·x belongs (`W1 -= lr * delta1`)"
      fix = "dw1 = d_hidden * x    # X.T @ d_hidden"
      effect =
        "stops learning how the output depends on x: w1 takes the same step whatever the input, "
        + "as b1 does"
      consequence = .stopsLearning
    case .lossForError:
      computes =
        "the error term is the loss ½·err² where its derivative err belongs "
        + "(`error = (yhat-y)**2/2; delta = error * ...`)"
      fix = "err = yhat - y    # dE/dyhat for E = ½(yhat - y)²"
      effect =
        "stops learning: ½·err² is never negative, so every step pushes the output down, "
        + "whatever the target"
      consequence = .stopsLearning
    case .outputActivationDerivative:
      computes =
        "the error term is err·yhat·(1 − yhat), as if the linear output were a sigmoid "
        + "(`err*out*(1-out)`)"
      fix = "err = yhat - y    # the output is linear: no slope factor"
      effect =
        "stops learning where yhat < 0 or yhat > 1, where the factor is negative and the step "
        + "climbs the loss; elsewhere it slows it"
      consequence = .stopsLearning
    case .summedBiasGradient:
      computes =
        "every hidden bias gets the sum of all units' δ, db1 = Σⱼ δⱼ (`db1 = np.sum(delta)`)"
      fix = "db1 = d_hidden.sum(axis=0)    # per unit: summed over the batch only, then / m"
      effect =
        "slows learning: the hidden biases all move together, so the units cannot place their "
        + "bends independently; it may still converge, to a worse fit"
      consequence = .slowsLearning
    case .notUpdated:
      computes = "the parameters never change: the update line is missing"
      fix = groups.map { "\($0.rawValue) -= lr * d\($0.rawValue)" }.joined(separator: "; ")
      if groups.contains(.w1), groups.contains(.w2) {
        effect = "stops learning: no weight moves"
        consequence = .stopsLearning
      } else if groups.contains(.w1) || groups.contains(.w2) {
        effect =
          "slows learning: the frozen layer keeps its initial weights and only the other learns, "
          + "to a worse fit"
        consequence = .slowsLearning
      } else {
        effect =
          "slows learning: the biases keep their initial values, so the units' bends stay where "
          + "they started; the weights still learn, to a worse fit"
        consequence = .slowsLearning
      }
    case .wrongScale:
      let c = scale ?? 1
      let factor = ScaleFit.text(c.magnitude)
      var why = ""
      if c.magnitude == Double(batch), batch > 1 {
        why = ": the batch's gradients are summed, not averaged"
      } else if c.magnitude == 2 {
        why = ": η doubled, or the derivative of (yhat - y)² for a loss of half that"
      } else if batch > 1, c.magnitude == 1 / Double(batch) {
        why = ": the batch's mean divided by the batch size again"
      } else if hidden > 1, c.magnitude == 1 / Double(hidden) {
        why = ": divided by the hidden units' count where the batch size belongs"
      }
      computes =
        "the update is \(factor) times the correct one\(c < 0 ? ", sign flipped" : "")\(why)"
      if c.magnitude == Double(batch), batch > 1 {
        fix = "dw = X.T @ d / m    # the mean over the batch's m samples"
      } else if c.magnitude == 2 {
        fix = "err = yhat - y    # for E = ½(yhat - y)², or halve lr"
      } else {
        fix = "w -= lr * grad    # grad the mean gradient, not \(factor) times it"
      }
      effect =
        c.magnitude > 1
        ? "still converges as with η·\(factor), unless that is too large a step: then it "
          + "diverges where η alone would not"
        : "slows learning: it learns as with η·\(factor)"
      consequence = c.magnitude > 1 ? .stillConverges : .slowsLearning
    case .lowerPrecision:
      computes =
        "the correct update at float32's precision in a trace whose values are not all float32 "
        + "(a float32 model fed float64 samples, or a float32 gradient on float64 weights)"
      fix =
        "nothing to fix for learning; compute in float64 throughout (dtype=np.float64, "
        + "model.double()), or trace the float32 values"
      effect = "still converges: this is the arithmetic's precision, not a mistake"
      consequence = .stillConverges
    }
  }

  /// The correct slope in NumPy.
  static func slope(_ activation: Activation) -> String {
    switch activation {
    case .sigmoid: "a * (1 - a)"
    case .tanh: "(1 - a**2)"
    case .relu: "(h > 0)"
    }
  }

  /// The activation in NumPy.
  static func activation(_ activation: Activation) -> String {
    switch activation {
    case .sigmoid: "sigmoid(h)"
    case .tanh: "np.tanh(h)"
    case .relu: "np.maximum(h, 0)"
    }
  }
}
