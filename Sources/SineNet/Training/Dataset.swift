/// The training samples: inputs drawn uniformly from a range, and the target at each.
public struct Dataset: Sendable, Hashable {
  /// Where the inputs were drawn from.
  public let range: Range<Double>
  /// The inputs, in the order they were drawn.
  public let inputs: [Double]
  /// The targets, the target function at each input.
  public let targets: [Double]
  /// The function the targets come from, or nil for samples given as they are (a replay's).
  public let target: Target?

  /// `count` samples with inputs uniform in `range`, drawn from `generator` as the original
  /// program's `np.random.rand(500) * 15.0` does, and `target` at each.
  public init(
    range: Range<Double>, count: Int, target: Target = .sin,
    using generator: inout Xoshiro256StarStar
  ) {
    precondition(count > 0, "a data set needs at least one sample")
    self.range = range
    self.target = target
    inputs = (0..<count).map { _ in generator.nextDouble(in: range) }
    targets = inputs.map { target.value(at: $0, over: range) }
  }

  /// The same inputs with `target`'s values: what the `f` key changes.
  public func retargeted(_ target: Target) -> Dataset {
    Dataset(range: range, inputs: inputs, target: target)
  }

  private init(range: Range<Double>, inputs: [Double], target: Target) {
    self.range = range
    self.inputs = inputs
    self.target = target
    targets = inputs.map { target.value(at: $0, over: range) }
  }

  /// The given samples over `range`: the samples a replayed trace used.
  ///
  /// - Precondition: `samples` is not empty.
  public init(range: Range<Double>, samples: [Sample]) {
    precondition(!samples.isEmpty, "a data set needs at least one sample")
    self.range = range
    target = nil
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
