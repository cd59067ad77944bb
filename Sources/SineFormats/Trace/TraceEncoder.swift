import SineNet

/// Writes a training run as JSON Lines: line 1 with the settings and the initial parameters, then
/// one line per step with the samples used and the parameters after the step.
///
/// Doubles are written in their shortest round-trip form, so a ``TraceDecoder`` reads back exactly
/// the bits written. It makes lines; the caller writes them where it wants.
public enum TraceEncoder {
  // MARK: - Line 1

  /// Line 1: `settings` and `network`'s parameters, the run's start.
  ///
  /// Every setting is written, the activation, optimizer, batch and target too, so that a reader
  /// need not know their defaults.
  public static func header(_ settings: TraceSettings, network: Network) -> String {
    JSONValue.object(headerMembers(settings, network: network)).text
  }

  /// Line 1: `trainer`'s settings (``TraceSettings/init(_:)``) and its current parameters, and,
  /// for a run that continues with an optimizer's memory (from a snapshot), that memory, so that
  /// the steps can be checked from line 1 on.
  public static func header(_ trainer: Trainer) -> String {
    var members = headerMembers(TraceSettings(trainer), network: trainer.network)
    let state = trainer.optimizerState
    if trainer.optimizer != .sgd, state.step > 0 || state.first.contains(where: { $0 != 0 }) {
      // The memory is line 1's last member.
      let memory = JSONValue.object([
        (TraceKey.OptimizerStateKey.step.rawValue, .int(state.step)),
        (TraceKey.OptimizerStateKey.m.rawValue, .numbers(state.first)),
        (TraceKey.OptimizerStateKey.v.rawValue, .numbers(state.second)),
      ])
      members.append((TraceKey.optimizerState.rawValue, memory))
    }
    return JSONValue.object(members).text
  }

  /// Line 1's members: every setting, then the parameters.
  private static func headerMembers(_ settings: TraceSettings, network: Network) -> [(
    String, JSONValue
  )] {
    let members: [(String, JSONValue)] = [
      (TraceKey.rule.rawValue, .string(settings.rule.rawValue)),
      (TraceKey.eta.rawValue, .number(settings.eta)),
      (TraceKey.preset.rawValue, .string(settings.preset.rawValue)),
      (TraceKey.seed.rawValue, .unsigned(settings.seed)),
      (TraceKey.hidden.rawValue, .int(network.hidden)),
      (TraceKey.activation.rawValue, .string(settings.activation.rawValue)),
      (TraceKey.optimizer.rawValue, .string(settings.optimizer.rawValue)),
      (TraceKey.batch.rawValue, .int(settings.batch)),
      (TraceKey.target.rawValue, .string(settings.target.rawValue)),
    ]
    return members + parameters(of: network)
  }

  // MARK: - Step lines

  /// A step line: the sample the step used and the parameters after it.
  public static func step(_ sample: Sample, _ network: Network) -> String {
    step(x: .number(sample.x), y: .number(sample.y), network: network)
  }

  /// A step line: the samples the step took the mean gradient of (a number each for x and y
  /// when there is one sample, arrays when there are more) and the parameters after it.
  ///
  /// - Precondition: `samples` is not empty.
  public static func step(samples: [Sample], network: Network) -> String {
    precondition(!samples.isEmpty, "a step takes at least one sample")
    guard samples.count > 1 else { return step(samples[0], network) }
    return step(
      x: .numbers(samples.map(\.x)), y: .numbers(samples.map(\.y)), network: network)
  }

  private static func step(x: JSONValue, y: JSONValue, network: Network) -> String {
    let members: [(String, JSONValue)] = [(TraceKey.x.rawValue, x), (TraceKey.y.rawValue, y)]
    return JSONValue.object(members + parameters(of: network)).text
  }

  // MARK: - Parameters

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
