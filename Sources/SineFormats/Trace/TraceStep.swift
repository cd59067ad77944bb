import SineNet

/// One step line of a trace: the samples, and the parameters after the step in the network's
/// flat order (w1, w2, b1, b2; see ``Network/range(of:hidden:)``).
///
/// A ``TraceDecoder`` reads every step into the same value, reusing its storage, so reading a
/// trace allocates nothing per line for the parameters or the samples.
public struct TraceStep: Sendable {
  /// The sample the step used: with a batch over 1, the batch's first.
  public var sample: Sample { samples[0] }
  /// The samples the step took the mean gradient of, as many as line 1's batch.
  public internal(set) var samples: [Sample]
  /// The parameters after the step, flat; without biases, b1 and b2 are zero.
  public internal(set) var parameters: [Double]
  /// Whether every parameter after the step is finite; the first step where one is not is the
  /// trace's divergence.
  public internal(set) var isFinite = true
  /// The line the step is on (line 1 is the header).
  public internal(set) var line = 0
  /// The hidden-unit count, as line 1 says.
  public let hidden: Int
  /// Whether the network has biases, as line 1 says.
  public let hasBiases: Bool
  /// The samples per step, as line 1 says.
  public let batch: Int

  /// An empty step for a network shaped like `header`'s, with its batch.
  init(shapedLike header: TraceHeader) {
    hidden = header.network.hidden
    hasBiases = header.network.hasBiases
    batch = header.batch
    parameters = [Double](repeating: 0, count: Network.parameterCount(hidden: hidden))
    samples = [Sample](repeating: Sample(x: 0, y: 0), count: batch)
  }

  /// The network the step left.
  public var network: Network {
    Network(hidden: hidden, biases: hasBiases, parameters: parameters)
  }

  /// The step as a value of its own: its samples and the network it left.
  public var traced: TracedStep {
    TracedStep(samples: samples, network: network)
  }

  /// Reads a step from `fields`, on `line`.
  mutating func read(_ fields: TraceFields, line: Int) throws(TraceProblem) {
    self.line = line
    try readSamples(.x, from: fields, line: line)
    try readSamples(.y, from: fields, line: line)
    for (index, sample) in samples.enumerated() where !sample.x.isFinite || !sample.y.isFinite {
      throw TraceProblem(
        line: line,
        batch == 1
          ? "the sample (x, y) is not a pair of finite numbers"
          : "sample \(index + 1) of the batch (x, y) is not a pair of finite numbers")
    }
    let h = hidden
    var finite = try place(fields.array(.w1, line: line), .w1, at: 0, line: line)
    finite = try place(fields.array(.w2, line: line), .w2, at: h, line: line) && finite
    if hasBiases {
      switch fields.kind(.b1) {
      case .numbers: finite = try place(fields.values(.b1), .b1, at: 2 * h, line: line) && finite
      case .absent: throw TraceProblem(line: line, "the key 'b1' is missing, and line 1 has biases")
      case let other: throw TraceProblem(line: line, "b1 is \(other.word), not an array")
      }
      switch fields.kind(.b2) {
      case .number:
        let value = fields.value(.b2)
        parameters[3 * h] = value
        finite = finite && value.isFinite
      case .null:
        // sinetui writes a non-finite number as null.
        parameters[3 * h] = .nan
        finite = false
      case .absent: throw TraceProblem(line: line, "the key 'b2' is missing, and line 1 has biases")
      case let other: throw TraceProblem(line: line, "b2 is \(other.word), not a number")
      }
    } else {
      for key in [TraceKey.b1, .b2] {
        switch fields.kind(key) {
        case .absent, .null: continue
        default:
          throw TraceProblem(line: line, "\(key.rawValue) is not null, and line 1 has no biases")
        }
      }
    }
    isFinite = finite
  }

  /// Reads the batch's inputs (`x`) or targets (`y`) into ``samples``: a number when the batch
  /// is 1, else an array of as many numbers as the batch (one such array also for a batch of 1).
  private mutating func readSamples(_ key: TraceKey, from fields: TraceFields, line: Int)
    throws(TraceProblem)
  {
    let isInput = key == .x
    switch fields.kind(key) {
    case .number where batch == 1:
      let value = fields.value(key)
      if isInput { samples[0].x = value } else { samples[0].y = value }
    case .number:
      throw TraceProblem(
        line: line,
        "\(key.rawValue) is a number, and line 1's batch is \(batch); a step's x and y are "
          + "arrays of \(batch) numbers")
    case .numbers:
      let values = fields.values(key)
      guard values.count == batch else {
        throw TraceProblem(
          line: line,
          "\(key.rawValue) holds \(values.count) numbers, and line 1's batch is \(batch)")
      }
      var index = 0
      for value in values {
        if isInput { samples[index].x = value } else { samples[index].y = value }
        index += 1
      }
    case .absent: throw TraceProblem(line: line, "the key '\(key.rawValue)' is missing")
    case let other:
      throw TraceProblem(
        line: line,
        "\(key.rawValue) is \(other.word), not \(batch == 1 ? "a number" : "an array")")
    }
  }

  /// Copies `values` into the parameters from `offset`; whether every one is finite.
  private mutating func place(
    _ values: ArraySlice<Double>, _ key: TraceKey, at offset: Int, line: Int
  ) throws(TraceProblem) -> Bool {
    guard values.count == hidden else {
      throw TraceProblem(
        line: line,
        "the arrays have different lengths: \(key.rawValue) holds \(values.count) numbers, "
          + "line 1 \(hidden)")
    }
    // `x * 0` is 0 for every finite x and NaN otherwise: one test for the whole array.
    var poison = 0.0
    var target = offset
    for value in values {
      parameters[target] = value
      poison += value * 0
      target += 1
    }
    return poison == 0
  }
}
