/// An ordered list of settings a key steps through, one rung at a time.
public struct Ladder<Value: Comparable & Sendable>: Sendable {
  /// The rungs, ascending.
  public let rungs: [Value]

  /// A ladder with the given ascending rungs.
  public init(_ rungs: [Value]) {
    precondition(!rungs.isEmpty, "a ladder needs at least one rung")
    self.rungs = rungs
  }

  /// The next rung above `value`, or `value` itself when no rung is above it.
  public func above(_ value: Value) -> Value {
    rungs.first { $0 > value } ?? value
  }

  /// The next rung below `value`, or `value` itself when no rung is below it.
  public func below(_ value: Value) -> Value {
    rungs.last { $0 < value } ?? value
  }
}

extension Ladder where Value == Int {
  /// The batch sizes `m` cycles through: the original's 1, two mini-batches, the whole data set.
  public static let batchSizes = Ladder([1, 8, 32, 500])

  /// The hidden-unit counts `<` and `>` step through.
  public static let hiddenUnits = Ladder([1, 2, 3, 5, 10, 16, 32, 64])

  /// The rung above `value`, or the lowest rung after the highest: a ladder that cycles.
  public func cycled(after value: Value) -> Value {
    rungs.first { $0 > value } ?? rungs[0]
  }
}

extension Ladder where Value == Double {
  /// The learning rates `+` and `-` step through, 1e-5 to 10 in steps of about 3.
  public static let learningRates = Ladder([
    1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1, 3, 10,
  ])
}
