import SineNet

/// One step line of a trace: the sample, and the parameters after the step in the network's flat
/// order (w1, w2, b1, b2; see ``Network/range(of:hidden:)``).
///
/// A ``TraceDecoder`` reads every step into the same value, reusing its storage, so reading a
/// trace allocates nothing per line for the parameters.
struct TraceStep: Sendable {
  /// The sample the step used.
  var sample = Sample(x: 0, y: 0)
  /// The parameters after the step, flat; without biases, b1 and b2 are zero.
  var parameters: [Double]
  /// Whether every parameter after the step is finite; the first step where one is not is the
  /// trace's divergence.
  var isFinite = true
  /// The line the step is on (line 1 is the header).
  var line = 0
  /// The hidden-unit count, as line 1 says.
  let hidden: Int
  /// Whether the network has biases, as line 1 says.
  let hasBiases: Bool

  /// An empty step for a network shaped like `header`'s.
  init(shapedLike header: TraceHeader) {
    hidden = header.network.hidden
    hasBiases = header.network.hasBiases
    parameters = [Double](repeating: 0, count: Network.parameterCount(hidden: hidden))
  }

  /// The network the step left.
  var network: Network {
    Network(hidden: hidden, biases: hasBiases, parameters: parameters)
  }

  /// Reads a step from `record`, on `line`.
  mutating func read(_ record: TraceRecord, line: Int) throws(TraceProblem) {
    self.line = line
    let x = try TraceHeader.number(.x, in: record, line: line)
    let y = try TraceHeader.number(.y, in: record, line: line)
    guard x.isFinite, y.isFinite else {
      throw TraceProblem(line: line, "the sample (x, y) is not a pair of finite numbers")
    }
    sample = Sample(x: x, y: y)
    let h = hidden
    var finite = true
    for key in [TraceKey.w1, .w2] {
      let values = try TraceHeader.array(key, in: record, line: line)
      try place(values, key, at: key == .w1 ? 0 : h, line: line)
      finite = finite && values.allSatisfy(\.isFinite)
    }
    let b1 = record.value(.b1)
    let b2 = record.value(.b2)
    if hasBiases {
      switch b1 {
      case .numbers(let values)?:
        try place(values, .b1, at: 2 * h, line: line)
        finite = finite && values.allSatisfy(\.isFinite)
      case nil: throw TraceProblem(line: line, "the key 'b1' is missing, and line 1 has biases")
      case let other?: throw TraceProblem(line: line, "b1 is \(other.kind), not an array")
      }
      switch b2 {
      case .number(let value)?:
        parameters[3 * h] = value
        finite = finite && value.isFinite
      case .null?:
        // sinetui writes a non-finite number as null.
        parameters[3 * h] = .nan
        finite = false
      case nil: throw TraceProblem(line: line, "the key 'b2' is missing, and line 1 has biases")
      case let other?: throw TraceProblem(line: line, "b2 is \(other.kind), not a number")
      }
    } else {
      for (key, value) in [(TraceKey.b1, b1), (.b2, b2)] {
        switch value {
        case nil, .null?: continue
        default:
          throw TraceProblem(line: line, "\(key.rawValue) is not null, and line 1 has no biases")
        }
      }
    }
    isFinite = finite
  }

  private mutating func place(_ values: [Double], _ key: TraceKey, at offset: Int, line: Int)
    throws(TraceProblem)
  {
    guard values.count == hidden else {
      throw TraceProblem(
        line: line,
        "the arrays have different lengths: \(key.rawValue) holds \(values.count) numbers, "
          + "line 1 \(hidden)")
    }
    for i in 0..<hidden { parameters[offset + i] = values[i] }
  }
}
