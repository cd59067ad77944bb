import SineNet

/// One step of a trace as the program that wrote it took it: the sample, and the network after.
public struct TracedStep: Sendable, Hashable {
  /// The sample the step used.
  public var sample: Sample
  /// The network the step left; at the divergence step, one with a value that is not finite (or
  /// whose loss on the sample is not).
  public var network: Network

  /// The step on `sample` that left `network`.
  public init(sample: Sample, network: Network) {
    self.sample = sample
    self.network = network
  }
}
