import ArgumentParser
import SineNet

// The core's enums are spelled on the command line exactly as they are in traces and on screen.

extension Preset: ExpressibleByArgument {}

extension GradientRule: ExpressibleByArgument {}

extension Activation: ExpressibleByArgument {}

extension Optimizer: ExpressibleByArgument {}

extension Target: ExpressibleByArgument {}

/// Parsers for numeric options whose error names what the option accepts, in the first line
/// ArgumentParser prints: "The value 'x' is invalid for '--steps <steps>': must be ...".
enum ArgumentValue {
  /// A whole number in `range`.
  static func whole(_ text: String, in range: ClosedRange<Int>) throws -> Int {
    guard let value = Int(text), range.contains(value) else {
      throw ValidationError("must be a whole number in \(range.lowerBound)...\(range.upperBound)")
    }
    return value
  }

  /// An unsigned 64-bit whole number.
  static func seed(_ text: String) throws -> UInt64 {
    guard let value = UInt64(text) else {
      throw ValidationError("must be a whole number in 0...\(UInt64.max)")
    }
    return value
  }

  /// A learning rate: a finite number greater than 0 and at most `limit`.
  static func learningRate(_ text: String, limit: Double) throws -> Double {
    guard isDecimal(text), let value = Double(text), value.isFinite, value > 0, value <= limit
    else {
      throw ValidationError("must be a number greater than 0 and at most \(Int(limit))")
    }
    return value
  }
  /// A tolerance: a number greater than 0 and less than 1, written in decimal.
  static func fraction(_ text: String) throws -> Double {
    guard isDecimal(text), let value = Double(text), value > 0, value < 1 else {
      throw ValidationError("must be a number greater than 0 and less than 1")
    }
    return value
  }

  /// Whether `text` is written with decimal digits, a point, an exponent and signs only;
  /// `Double.init` alone would also read hexadecimal (`0x10`), `nan` and `inf`.
  private static func isDecimal(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { "0123456789.eE+-".unicodeScalars.contains($0) }
  }

}
