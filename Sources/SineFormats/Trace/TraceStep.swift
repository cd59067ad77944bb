import SineNet

/// One step line of a trace: the sample, and the parameters after the step in the network's flat
/// order (w1, w2, b1, b2; see ``Network/range(of:hidden:)``).
///
/// A ``TraceDecoder`` reads every step into the same value, reusing its storage, so reading a
/// trace allocates nothing per line for the parameters.
public struct TraceStep: Sendable {
  /// The sample the step used.
  public internal(set) var sample = Sample(x: 0, y: 0)
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

  /// An empty step for a network shaped like `header`'s.
  init(shapedLike header: TraceHeader) {
    hidden = header.network.hidden
    hasBiases = header.network.hasBiases
    parameters = [Double](repeating: 0, count: Network.parameterCount(hidden: hidden))
  }

  /// The network the step left.
  public var network: Network {
    Network(hidden: hidden, biases: hasBiases, parameters: parameters)
  }

  /// The step as a value of its own: its sample and the network it left.
  public var traced: TracedStep {
    TracedStep(sample: sample, network: network)
  }

  /// Reads a step from `fields`, on `line`.
  mutating func read(_ fields: TraceFields, line: Int) throws(TraceProblem) {
    self.line = line
    let x = try fields.number(.x, line: line)
    let y = try fields.number(.y, line: line)
    guard x.isFinite, y.isFinite else {
      throw TraceProblem(line: line, "the sample (x, y) is not a pair of finite numbers")
    }
    sample = Sample(x: x, y: y)
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
