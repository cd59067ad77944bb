import SineNet

/// The keys of a trace line, declared once for the writer and the reader.
///
/// Line 1 holds the settings and the initial parameters; every further line one step: the sample
/// and the parameters after the step. Snapshots name their parameters with the same keys.
public enum TraceKey: String, CaseIterable, Sendable {
  // MARK: - Parameters, on every line

  /// The input-to-hidden weights, an array.
  case w1
  /// The hidden-to-output weights, an array.
  case w2
  /// The hidden biases, an array, or null without biases.
  case b1
  /// The output bias, a number, or null without biases.
  case b2

  // MARK: - Line 1: the settings

  /// The learning rate every step used.
  case eta
  /// The gradient rule the run used (`train --trace` writes it; a reader need not trust it).
  case rule
  /// The preset the run used.
  case preset
  /// The random seed.
  case seed
  /// The hidden-unit count, which must match the arrays.
  case hidden
  /// The hidden units' activation function (``Activation``); `sigmoid` when absent.
  case activation
  /// How each step turned the gradient into an update (``Optimizer``); `sgd` when absent.
  case optimizer
  /// The samples each step took the mean gradient of, a whole number of at least 1; 1 when
  /// absent.
  case batch
  /// The function the network learns (``Target``); `sin` when absent.
  case target

  // MARK: - Step lines: the sample

  /// The step's input: a number, or with a batch over 1 an array of the batch's inputs.
  case x
  /// The step's target: a number, or with a batch over 1 an array of the batch's targets.
  case y

  // MARK: - Line 1 of a run continued from a snapshot

  /// What the optimizer remembered at the trace's start, when it was not fresh: an object with
  /// the step count under `step`, and momentum's velocity or Adam's first moment under `m`, Adam's
  /// second moment under `v`, in the parameters' flat order (``OptimizerStateKey``).
  case optimizerState

  /// The keys inside ``optimizerState``'s object.
  public enum OptimizerStateKey: String, CaseIterable, Sendable {
    /// The updates made since the optimizer's state was reset (Adam's t).
    case step
    /// Momentum's velocity, or Adam's first moment.
    case m
    /// Adam's second moment.
    case v
  }

  /// The key for a parameter group's values.
  public init(_ group: ParameterGroup) {
    switch group {
    case .w1: self = .w1
    case .w2: self = .w2
    case .b1: self = .b1
    case .b2: self = .b2
    }
  }

  /// Whether a reader reads this key's numbers: the parameters, η, the samples, the hidden count
  /// and the batch.
  ///
  /// Under these an array must hold numbers and an object is an error; under other keys, and
  /// keys it does not know, arrays and objects are skipped.
  var isRead: Bool {
    switch self {
    case .eta, .w1, .w2, .b1, .b2, .x, .y, .hidden, .batch: true
    case .rule, .preset, .seed, .activation, .optimizer, .target, .optimizerState: false
    }
  }

  /// Whether the key's value is a string that names a setting (a rule, a preset, an activation,
  /// an optimizer, a target), which a reader keeps; the strings under other keys are skipped.
  var namesSetting: Bool {
    switch self {
    case .rule, .preset, .activation, .optimizer, .target: true
    case .eta, .w1, .w2, .b1, .b2, .x, .y, .hidden, .seed, .batch, .optimizerState: false
    }
  }
}

// MARK: - Finding a key by its bytes

extension TraceKey {
  /// Every key, in declaration order, stored once: `allCases` builds a new array at each call.
  static let all = allCases

  /// The key's position in ``all``, for tables indexed by key (a test holds the two to the same
  /// order); a switch, so that no lookup is hashed on the hot path.
  var index: Int {
    switch self {
    case .w1: 0
    case .w2: 1
    case .b1: 2
    case .b2: 3
    case .eta: 4
    case .rule: 5
    case .preset: 6
    case .seed: 7
    case .hidden: 8
    case .activation: 9
    case .optimizer: 10
    case .batch: 11
    case .target: 12
    case .x: 13
    case .y: 14
    case .optimizerState: 15
    }
  }

  /// The key whose name is exactly the bytes `name` (escapes are not decoded), or nil.
  init?(utf8 name: UnsafeBufferPointer<UInt8>) {
    guard let packed = PackedName(name) else { return nil }
    guard let index = Self.packedNames.firstIndex(of: packed) else { return nil }
    self = Self.all[index]
  }

  /// Every key's name, packed, in the order of ``all``.
  private static let packedNames: [PackedName] = all.map { key in
    var name = key.rawValue
    return name.withUTF8 { PackedName($0) } ?? PackedName(low: 0, high: 0, count: -1)
  }

  /// A name of at most 16 bytes as two words and a count, so that a key is found with a few
  /// integer comparisons rather than string ones.
  private struct PackedName: Equatable {
    var low: UInt64
    var high: UInt64
    var count: Int

    init(low: UInt64, high: UInt64, count: Int) {
      self.low = low
      self.high = high
      self.count = count
    }

    /// `bytes` packed, or nil when they are longer than any key's name can be.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
      guard bytes.count <= 16 else { return nil }
      low = 0
      high = 0
      count = bytes.count
      for (offset, byte) in bytes.enumerated() {
        if offset < 8 {
          low |= UInt64(byte) << (8 * offset)
        } else {
          high |= UInt64(byte) << (8 * (offset - 8))
        }
      }
    }
  }
}
