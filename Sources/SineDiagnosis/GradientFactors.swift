import SineNet

// The factors a hand-written backprop multiplies into each group's gradient, and the ways each
// can go wrong. A ``Formula`` picks one variant of each factor its group has; the first case of
// each enum is the correct one.

// MARK: - The error term, in every group

/// What a backprop uses for dE/dŷ, the error term every gradient carries.
enum ErrorTerm: Int, CaseIterable, Sendable {
  /// e = ŷ − y, the derivative of the loss ½e².
  case error
  /// ½e², the loss itself (`loss-for-error`).
  case loss
  /// e·ŷ(1 − ŷ), as if the linear output were a sigmoid (`output-activation-derivative`).
  case errorTimesOutputSlope
  /// ½e²·ŷ(1 − ŷ): both.
  case lossTimesOutputSlope

  /// The bugs this variant is.
  var bugs: [GradientBug] {
    switch self {
    case .error: []
    case .loss: [.lossForError]
    case .errorTimesOutputSlope: [.outputActivationDerivative]
    case .lossTimesOutputSlope: [.lossForError, .outputActivationDerivative]
    }
  }

  /// The term for error e and output ŷ.
  @inline(__always)
  func value(error e: Double, output y: Double) -> Double {
    switch self {
    case .error: e
    case .loss: 0.5 * e * e
    case .errorTimesOutputSlope: e * (y * (1 - y))
    case .lossTimesOutputSlope: 0.5 * e * e * (y * (1 - y))
    }
  }
}

// MARK: - The hidden units' delta: w1 and b1

/// What a backprop uses for act'(hᵢ) in δᵢ = e·w2ᵢ·act'(hᵢ).
enum HiddenSlope: Int, CaseIterable, Sendable {
  /// act'(hᵢ): a(1 − a), 1 − a², 1[h > 0].
  case correct
  /// act' evaluated at the activation: σ(a)(1 − σ(a)) or 1 − tanh²(a) (`sigmoid-of-sigmoid`,
  /// `tanh-of-tanh`); for ReLU the true slope again, so not searched.
  case atActivation
  /// act' evaluated on the pre-activation as if it were the activation: h(1 − h) or 1 − h²
  /// (`derivative-of-pre-activation`).
  case atPreActivation
  /// No slope at all: δᵢ = e·w2ᵢ (`missing-activation-derivative`).
  case none
  /// The derivative taken of the upstream gradient gᵢ = e·w2ᵢ: δᵢ = gᵢ(1 − gᵢ) or 1 − tanh²(gᵢ)
  /// (`derivative-of-upstream`).
  case ofUpstream

  /// The variants that mean something on units of `activation`: for ReLU only the true slope and
  /// none.
  static func variants(for activation: Activation) -> [HiddenSlope] {
    activation == .relu ? [.correct, .none] : allCases
  }

  /// The bugs this variant is on units of `activation`.
  func bugs(for activation: Activation) -> [GradientBug] {
    switch self {
    case .correct: []
    case .atActivation: GradientBug.slopeAtActivation(activation).map { [$0] } ?? []
    case .atPreActivation: [.derivativeOfPreActivation]
    case .none: [.missingActivationDerivative]
    case .ofUpstream: [.derivativeOfUpstream]
    }
  }
}

/// What a backprop uses for w2ᵢ in δᵢ = e·w2ᵢ·act'(hᵢ).
enum OutgoingFactor: Int, CaseIterable, Sendable {
  /// w2ᵢ before the step.
  case weight
  /// Nothing: δᵢ = e·act'(hᵢ) (`missing-outgoing-weight`).
  case none
  /// E·aᵢ, this sample's gradient of w2ᵢ (`weight-gradient-for-weight`).
  case weightGradient
  /// E·ŷ, w2's gradient as `output-for-input` computes it (both bugs).
  case outputWeightGradient
  /// w2ᵢ after this step's update, as the trace shows it (`updated-outgoing-weight`).
  case updatedWeight

  /// The bugs this variant is.
  var bugs: [GradientBug] {
    switch self {
    case .weight: []
    case .none: [.missingOutgoingWeight]
    case .weightGradient: [.weightGradientForWeight]
    case .outputWeightGradient: [.weightGradientForWeight, .outputForInput]
    case .updatedWeight: [.updatedOutgoingWeight]
    }
  }
}

/// What w1's gradient multiplies δᵢ by.
enum LayerInput: Int, CaseIterable, Sendable {
  /// The input x.
  case input
  /// Nothing: w1ᵢ gets δᵢ (`missing-input`).
  case none
  /// The layer's output aᵢ (`output-for-input`).
  case activation

  /// The bugs this variant is.
  var bugs: [GradientBug] {
    switch self {
    case .input: []
    case .none: [.missingInput]
    case .activation: [.outputForInput]
    }
  }
}

/// What b1ᵢ's gradient is.
enum BiasGradient: Int, CaseIterable, Sendable {
  /// δᵢ.
  case own
  /// Σⱼ δⱼ, the same for every unit (`summed-bias-gradient`).
  case summed

  /// The bugs this variant is.
  var bugs: [GradientBug] { self == .own ? [] : [.summedBiasGradient] }
}

// MARK: - The output layer's weights: w2

/// What w2's gradient multiplies the error term by.
enum OutputInput: Int, CaseIterable, Sendable {
  /// The hidden activation aᵢ, w2's input.
  case activation
  /// The output ŷ, the layer's output (`output-for-input`).
  case output

  /// The bugs this variant is.
  var bugs: [GradientBug] { self == .activation ? [] : [.outputForInput] }
}
