import SineNet

/// One step of a trace as the program that wrote it took it: the samples, and the network after.
public struct TracedStep: Sendable, Hashable {
  /// The samples the step took the mean gradient of: one, or a mini-batch's.
  public private(set) var samples: [Sample]
  /// The network the step left; at the divergence step, one with a value that is not finite (or
  /// whose loss on the sample is not).
  public var network: Network

  /// The step on `sample` alone that left `network`.
  public init(sample: Sample, network: Network) {
    self.init(samples: [sample], network: network)
  }

  /// The step on the mini-batch `samples` that left `network`.
  ///
  /// - Precondition: `samples` is not empty.
  public init(samples: [Sample], network: Network) {
    precondition(!samples.isEmpty, "a step takes at least one sample")
    self.samples = samples
    self.network = network
  }

  /// The sample the step used: with a batch over 1, the batch's first.
  public var sample: Sample { samples[0] }
}
