import SineNet

extension Trainer {
  /// A trainer for the given options, with `seed` already resolved.
  init(model: ModelOptions, learning: LearningOptions, seed: UInt64) {
    self.init(
      preset: model.preset, seed: seed, hidden: model.hidden, rule: learning.gradient,
      eta: learning.eta, activation: model.activation, optimizer: learning.optimizer,
      batchSize: learning.batch, target: learning.target)
  }
}
