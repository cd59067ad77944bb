/// One step line of a trace: the sample, and the parameters after the step in the network's
/// flat order (w1, w2, b1, b2).
struct TraceStep {
  var x: Double
  var y: Double
  /// Whether every parameter after the step is finite; the first step where one is not is the
  /// trace's divergence.
  var isFinite: Bool

  /// Reads a step from `record`, on `line`, into `parameters` (which has the header network's
  /// flat size; without biases, b1 and b2 stay zero).
  init(
    _ record: TraceRecord, line: Int, into parameters: inout [Double], hidden h: Int, biases: Bool
  )
    throws(TraceProblem)
  {
    x = try TraceHeader.number("x", in: record, line: line)
    y = try TraceHeader.number("y", in: record, line: line)
    guard x.isFinite, y.isFinite else {
      throw TraceProblem(line: line, "the sample (x, y) is not a pair of finite numbers")
    }
    var finite = true
    for (key, offset) in [("w1", 0), ("w2", h)] {
      let values = try TraceHeader.array(key, in: record, line: line)
      try Self.place(values, key, at: offset, into: &parameters, hidden: h, line: line)
      finite = finite && values.allSatisfy(\.isFinite)
    }
    let b1 = record.value("b1")
    let b2 = record.value("b2")
    if biases {
      switch b1 {
      case .numbers(let values)?:
        try Self.place(values, "b1", at: 2 * h, into: &parameters, hidden: h, line: line)
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
      for (key, value) in [("b1", b1), ("b2", b2)] {
        switch value {
        case nil, .null?: continue
        default: throw TraceProblem(line: line, "\(key) is not null, and line 1 has no biases")
        }
      }
    }
    isFinite = finite
  }

  private static func place(
    _ values: [Double], _ key: String, at offset: Int, into parameters: inout [Double],
    hidden h: Int, line: Int
  ) throws(TraceProblem) {
    guard values.count == h else {
      throw TraceProblem(
        line: line,
        "the arrays have different lengths: \(key) holds \(values.count) numbers, line 1 \(h)")
    }
    for i in 0..<h { parameters[offset + i] = values[i] }
  }
}
