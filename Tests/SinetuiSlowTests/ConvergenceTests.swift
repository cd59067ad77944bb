import SineNet
import Testing

/// Long runs of the core to the figures the README states: millions of steps, a few seconds
/// each in a debug build, so they run with the slow suites.
@Suite("Training to convergence")
struct ConvergenceTests {
  @Test(
    "tensorflow + correct reaches mse below 2e-4 after 500,000 steps",
    arguments: [1, 2] as [UInt64])
  func tensorflowConverges(seed: UInt64) {
    var trainer = Trainer(preset: .tensorflow, seed: seed)
    trainer.train(steps: 500_000)
    #expect(!trainer.hasDiverged)
    #expect(trainer.meanSquaredError() < 2e-4)
  }

  @Test("bias + correct falls below 0.02 within 2,000,000 steps", arguments: [1, 2] as [UInt64])
  func biasConverges(seed: UInt64) {
    var trainer = Trainer(preset: .bias, seed: seed)
    let start = trainer.meanSquaredError()
    var reached = false
    for _ in 0..<20 where !reached {
      trainer.train(steps: 100_000)
      reached = trainer.meanSquaredError() < 0.02
    }
    #expect(start > 0.1)
    #expect(reached, "mse \(trainer.meanSquaredError()) after \(trainer.stepCount) steps")
  }

  @Test("Without biases on [0, 15) even the correct rule cannot follow the sine")
  func numpyCannotFit() {
    var trainer = Trainer(preset: .numpy, seed: 5)
    trainer.train(steps: 300_000)
    #expect(!trainer.hasDiverged)
    #expect(trainer.meanSquaredError() > 0.1)
  }
}
