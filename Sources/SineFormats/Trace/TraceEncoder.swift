import SineNet

/// Writes a training run as JSON Lines: line 1 with the settings and the initial parameters, then
/// one line per step with the sample used and the parameters after the step.
///
/// Doubles are written in their shortest round-trip form, so a ``TraceDecoder`` reads back exactly
/// the bits written. It makes lines; the caller writes them where it wants.
public enum TraceEncoder {
  /// Line 1: `trainer`'s settings and its current parameters, the run's start.
  public static func header(_ trainer: Trainer) -> String {
    let members: [(String, JSONValue)] = [
      (TraceKey.rule.rawValue, .string(trainer.rule.rawValue)),
      (TraceKey.eta.rawValue, .number(trainer.eta)),
      (TraceKey.preset.rawValue, .string(trainer.preset.rawValue)),
      (TraceKey.seed.rawValue, .unsigned(trainer.seed)),
      (TraceKey.hidden.rawValue, .int(trainer.network.hidden)),
    ]
    return JSONValue.object(members + parameters(of: trainer.network)).text
  }

  /// A step line: the sample the step used and the parameters after it.
  public static func step(_ sample: Sample, _ network: Network) -> String {
    let members: [(String, JSONValue)] = [
      (TraceKey.x.rawValue, .number(sample.x)), (TraceKey.y.rawValue, .number(sample.y)),
    ]
    return JSONValue.object(members + parameters(of: network)).text
  }

  /// A network's parameters under the keys `w1`, `w2`, `b1` and `b2` (null without biases); a
  /// number that is not finite is written as null.
  public static func parameters(of network: Network) -> [(String, JSONValue)] {
    [
      (TraceKey.w1.rawValue, .numbers(network.w1)),
      (TraceKey.w2.rawValue, .numbers(network.w2)),
      (TraceKey.b1.rawValue, network.b1.map(JSONValue.numbers) ?? .null),
      (TraceKey.b2.rawValue, .number(network.b2)),
    ]
  }
}
