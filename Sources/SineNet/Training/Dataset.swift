/// The training samples: inputs drawn uniformly from a range, targets sin(x).
public struct Dataset: Sendable, Hashable {
  /// Where the inputs were drawn from.
  public let range: Range<Double>
  /// The inputs, in the order they were drawn.
  public let inputs: [Double]
  /// The targets, sin of each input.
  public let targets: [Double]

  /// `count` samples with inputs uniform in `range`, drawn from `generator` as the original program's
  /// `np.random.rand(500) * 15.0` does.
  public init(range: Range<Double>, count: Int, using generator: inout Xoshiro256StarStar) {
    precondition(count > 0, "a data set needs at least one sample")
    self.range = range
    inputs = (0..<count).map { _ in generator.nextDouble(in: range) }
    targets = inputs.map(sine)
  }

  /// The given samples over `range`: the samples a replayed trace used.
  ///
  /// - Precondition: `samples` is not empty.
  public init(range: Range<Double>, samples: [Sample]) {
    precondition(!samples.isEmpty, "a data set needs at least one sample")
    self.range = range
    inputs = samples.map(\.x)
    targets = samples.map(\.y)
  }

  /// The number of samples.
  public var count: Int { inputs.count }

  /// The sample at `index`.
  public subscript(index: Int) -> Sample {
    Sample(x: inputs[index], y: targets[index])
  }
}
