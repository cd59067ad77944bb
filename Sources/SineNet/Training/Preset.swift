/// A complete experiment: the data range, the sample count, whether the network has biases, and
/// the default learning rate.
public enum Preset: String, CaseIterable, Sendable, Codable {
  /// The numpy data with biases added: the model that can actually fit the curve. The default.
  case bias
  /// The original program's from-scratch experiment: 500 samples of x in [0, 15), no biases.
  case numpy
  /// The question's TensorFlow experiment: 500 samples of x in [0, 1), no biases.
  case tensorflow

  /// Where the training inputs are drawn from, uniformly.
  public var range: Range<Double> {
    switch self {
    case .bias, .numpy: 0..<15
    case .tensorflow: 0..<1
    }
  }

  /// How many (x, sin x) samples the data set holds.
  public var sampleCount: Int { 500 }

  /// Whether the network has hidden biases and an output bias.
  public var hasBiases: Bool { self == .bias }

  /// The learning rate η the experiment uses unless told otherwise.
  public var defaultEta: Double { 0.01 }

  /// The largest mini-batch: the whole data set.
  public var largestBatch: Int { sampleCount }

  /// The function every preset learns: sin(x), the original question's.
  public var target: Target { .sin }

  /// The next preset in the order bias, numpy, tensorflow, then bias again.
  public var next: Preset {
    let all = Self.allCases
    let index = all.firstIndex(of: self) ?? all.startIndex
    return all[(index + 1) % all.count]
  }

}
