import SineNet
import Testing

@testable import SineUI

@Suite("Session: commands change the state")
struct SessionTests {
  func session(_ preset: Preset = .bias, seed: UInt64 = 1, rule: GradientRule = .correct) -> Session
  {
    Session(trainer: Trainer(preset: preset, seed: seed, rule: rule))
  }

  @Test("Defaults: bias, correct, eta 0.01, 100k steps/s, running")
  func defaults() {
    let session = session()
    #expect(session.trainer.preset == .bias)
    #expect(session.trainer.rule == .correct)
    #expect(session.trainer.eta == 0.01)
    #expect(session.speed == .perSecond(100_000))
    #expect(session.isTraining)
    #expect(!session.isPaused)
  }

  @Test("b toggles both bugs; 1 and 2 toggle one each and compose")
  func gradientToggles() {
    var session = session()
    session.apply(.toggleOriginalBugs)
    #expect(session.trainer.rule == .original)
    session.apply(.toggleOriginalBugs)
    #expect(session.trainer.rule == .correct)
    session.apply(.toggleSign)
    #expect(session.trainer.rule == .sign)
    session.apply(.toggleDoubleSigmoid)
    #expect(session.trainer.rule == .original)
    session.apply(.toggleSign)
    #expect(session.trainer.rule == .doubleSigmoid)
    // With one bug on, b turns every bug off.
    session.apply(.toggleOriginalBugs)
    #expect(session.trainer.rule == .correct)
  }

  @Test("A rule change takes effect on the next step, from the current weights")
  func ruleChangeKeepsWeights() {
    var session = session()
    session.train(steps: 1000)
    let before = session.trainer.network
    session.apply(.toggleOriginalBugs)
    #expect(session.trainer.network == before)
    #expect(session.trainer.stepCount == 1000)
    // The next step is the original program's rule applied to those weights.
    var expected = before
    var generator = session.trainer.generator
    let sample = session.trainer.dataset[generator.nextIndex(below: session.trainer.dataset.count)]
    expected.descend(x: sample.x, y: sample.y, rule: .original, eta: 0.01)
    session.train(steps: 1)
    #expect(session.trainer.network == expected)
  }

  @Test("eta moves on the ladder at once, without a reset")
  func etaKeys() {
    var session = session()
    session.train(steps: 100)
    session.apply(.etaUp)
    #expect(session.trainer.eta == 0.03)
    #expect(session.trainer.stepCount == 100)
    session.apply(.etaDown)
    session.apply(.etaDown)
    #expect(session.trainer.eta == 3e-3)
  }

  @Test("Space pauses and resumes; n and N step only while paused")
  func pauseAndStep() {
    var session = session()
    session.apply(.stepOnce)
    #expect(session.pendingSteps == 0)
    session.apply(.togglePause)
    #expect(session.isPaused && !session.isTraining)
    session.apply(.stepOnce)
    session.apply(.stepThousand)
    #expect(session.pendingSteps == 1001)
    #expect(session.trainer.stepCount == 0)
    // The loop takes them a frame's worth at a time.
    #expect(session.takePendingSteps(limit: 600) == 600)
    #expect(session.takePendingSteps() == 401)
    session.recordProgress()
    #expect(session.trainer.stepCount == 1001)
    #expect(session.pendingSteps == 0)
    #expect(session.history.plotted.last?.step == 1001)
    session.apply(.togglePause)
    #expect(session.isTraining)
  }

  @Test("Resuming, a reset or a divergence drops the steps n and N left pending")
  func pendingSteps() {
    var session = session()
    session.apply(.togglePause)
    session.apply(.stepThousand)
    session.apply(.togglePause)
    #expect(session.pendingSteps == 0)
    session.apply(.togglePause)
    session.apply(.stepThousand)
    session.apply(.reset)
    #expect(session.pendingSteps == 0)
    #expect(session.takePendingSteps() == 0)

    var diverging = Session(
      trainer: Trainer(preset: .numpy, seed: 9, rule: .original, eta: 10))
    diverging.apply(.togglePause)
    for _ in 0..<20 { diverging.apply(.stepThousand) }
    let taken = diverging.takePendingSteps()
    #expect(diverging.trainer.hasDiverged)
    #expect(taken < 20_000)
    #expect(diverging.pendingSteps == 0)
  }

  @Test("r resets to fresh weights from a new seed, keeps the settings, restarts the history")
  func reset() {
    var session = session()
    session.apply(.etaUp)
    session.apply(.toggleSign)
    session.train(steps: 5000)
    session.recordProgress()
    let oldSeed = session.trainer.seed
    session.apply(.reset)
    #expect(session.trainer.seed != oldSeed)
    #expect(session.trainer.stepCount == 0)
    #expect(session.trainer.network == Trainer(preset: .bias, seed: session.trainer.seed).network)
    #expect(session.trainer.eta == 0.03)
    #expect(session.trainer.rule == .sign)
    #expect(session.history.plotted.map(\.step) == [0])
    // Reset seeds come from the first seed: a session replays.
    var again = self.session()
    again.apply(.reset)
    #expect(again.trainer.seed == session.trainer.seed)
  }

  @Test("p steps through bias, numpy, tensorflow and resets")
  func presets() {
    var session = session()
    session.train(steps: 100)
    session.apply(.nextPreset)
    #expect(session.trainer.preset == .numpy)
    #expect(session.trainer.stepCount == 0)
    #expect(!session.trainer.network.hasBiases)
    session.apply(.nextPreset)
    #expect(session.trainer.preset == .tensorflow)
    session.apply(.nextPreset)
    #expect(session.trainer.preset == .bias)
  }

  @Test("A divergence stops training, keeps the last finite network, and r recovers")
  func divergence() throws {
    var session = session(.numpy, seed: 3, rule: .original)
    for _ in 0..<100 where !session.trainer.hasDiverged {
      session.train(steps: 500)
      session.recordProgress()
    }
    let step = try #require(session.trainer.divergedAtStep)
    #expect(!session.isTraining)
    #expect(session.isPaused)
    #expect(session.lastFiniteNetwork.isFinite)
    #expect(session.train(steps: 10) == 0)
    session.apply(.stepOnce)
    #expect(session.trainer.stepCount == step)
    // Space cannot resume a diverged run; r starts a new one, running.
    session.apply(.togglePause)
    #expect(session.isPaused)
    session.apply(.reset)
    #expect(!session.trainer.hasDiverged)
    #expect(session.isTraining)
  }

  @Test("The step limit stops training like a divergence: the status line says so, and r recovers")
  func stepLimit() throws {
    let fresh = Trainer(preset: .bias, seed: 4)
    var session = Session(
      trainer: Trainer(
        preset: .bias, seed: 4, dataset: fresh.dataset, network: fresh.network,
        generator: fresh.generator, rule: .correct, eta: 0.01,
        stepCount: Trainer.stepLimit - 10))
    #expect(session.train(steps: 100) == 10)
    session.recordProgress()
    #expect(session.trainer.isAtStepLimit)
    #expect(!session.isTraining)
    #expect(session.isPaused)
    #expect(session.train(steps: 10) == 0)
    session.apply(.togglePause)
    #expect(session.isPaused)
    session.apply(.stepThousand)
    #expect(session.takePendingSteps() == 0)
    #expect(session.trainer.stepCount == Trainer.stepLimit)
    let status = FrameRenderer.render(session, columns: 120, rows: 30, glyphs: .ascii).text
      .split(separator: "\n").prefix(2).joined(separator: "\n")
    #expect(status.contains("STEP LIMIT 1000000000000000000  press r to reset"), "\(status)")
    #expect(status.contains("PAUSED"), "\(status)")
    session.apply(.reset)
    #expect(session.trainer.stepCount == 0)
    #expect(session.isTraining)
  }

  @Test("A reset while paused by hand stays paused")
  func resetKeepsAPause() {
    var session = session()
    session.apply(.togglePause)
    session.apply(.reset)
    #expect(session.isPaused)
    #expect(!session.isTraining)
  }

  @Test("q and Esc ask to quit; Ctrl-C asks to stop as interrupted")
  func leaving() {
    var session = session()
    let effects = [session.apply(.quit), session.apply(.interrupt), session.apply(.togglePause)]
    #expect(effects == [.exit(.quit), .exit(.interrupt), nil])
  }

  @Test("c starts a second run from the same weights on the same samples with the other rule")
  func comparisonSharesStartAndSamples() throws {
    var session = session()
    session.train(steps: 300)
    session.apply(.toggleComparison)
    let comparison = try #require(session.comparison)
    #expect(comparison.trainer.network == session.trainer.network)
    #expect(comparison.trainer.generator == session.trainer.generator)
    #expect(comparison.trainer.rule == .original)
    // Replayed by hand: the same start, the same samples, the other rule.
    var replay = session.trainer
    replay.rule = .original
    session.train(steps: 500)
    replay.train(steps: 500)
    #expect(session.comparison?.trainer.network == replay.network)
    #expect(session.comparison?.trainer.stepCount == session.trainer.stepCount)
    #expect(session.trainer.network != replay.network)
    // The rule keys keep the two on opposite rules; η moves both.
    session.apply(.toggleOriginalBugs)
    #expect(session.trainer.rule == .original)
    #expect(session.comparison?.trainer.rule == .correct)
    session.apply(.etaUp)
    #expect(session.comparison?.trainer.eta == 0.03)
    // r restarts both from one new initialisation.
    session.apply(.reset)
    #expect(session.comparison?.trainer.network == session.trainer.network)
    #expect(session.comparison?.trainer.stepCount == 0)
    session.apply(.toggleComparison)
    #expect(session.comparison == nil)
  }

  @Test("The gradient check probes the sample sinetui check uses, at the current weights")
  func gradientCheckProbe() throws {
    var session = session(.bias, seed: 1)
    session.apply(.toggleGradientCheck)
    let check = try #require(session.gradientCheck)
    let expected = GradientCheck(
      network: Trainer(preset: .bias, seed: 1).network,
      sample: GradientCheckTable.probe(for: Trainer(preset: .bias, seed: 1)), rule: .correct)
    #expect(check == expected)
    session.train(steps: 100)
    session.recordProgress()
    session.refreshGradientCheck()
    #expect(session.gradientCheck?.sample == expected.sample)
    #expect(session.gradientCheck != expected)
    session.apply(.toggleGradientCheck)
    #expect(session.gradientCheck == nil)
  }

  @Test("s asks for a snapshot of the main run each time; a restored session keeps its history")
  func snapshots() throws {
    var session = session()
    session.train(steps: 2000)
    session.recordProgress()
    let pause = session.apply(.togglePause)
    #expect(pause == nil)
    let effect = session.apply(.saveSnapshot)
    let again = session.apply(.saveSnapshot)
    #expect(effect == .save(session.snapshot))
    #expect(again == effect)
    guard case .save(let snapshot) = effect else { return }
    #expect(snapshot.problem == nil)
    #expect(snapshot.step == 2000)
    let restored = Session(snapshot: snapshot)
    #expect(restored.trainer.stepCount == 2000)
    #expect(restored.trainer.network == session.trainer.network)
    #expect(restored.trainer.generator == session.trainer.generator)
    #expect(restored.history.plotted.map(\.step) == session.history.plotted.map(\.step))
    #expect(restored.currentMSE == session.currentMSE)
  }

  @Test("The save policy: a diverged run is not saved, and the status line says how a save went")
  func savePolicy() throws {
    var session = session()
    session.apply(.saveSnapshot)
    session.handle(.saved("sinetui-20261130-120000.json"))
    #expect(session.notice == "saved sinetui-20261130-120000.json")
    session.apply(.saveSnapshot)
    session.handle(.saveFailed("No space left on device"))
    #expect(session.notice == "save failed: No space left on device")
    var diverged = self.session(.numpy, seed: 3, rule: .original)
    for _ in 0..<100 where !diverged.trainer.hasDiverged {
      diverged.train(steps: 500)
      diverged.recordProgress()
    }
    #expect(diverged.trainer.hasDiverged)
    let refused = diverged.apply(.saveSnapshot)
    #expect(refused == nil)
    #expect(diverged.notice == "not saved: the run diverged (r resets)")
  }

  @Test("A recording that stops says so on the status line, and the run goes on")
  func recordingFailed() {
    var session = session()
    session.handle(.recordingFailed("File too large"))
    #expect(session.notice == "recording stopped: File too large")
    #expect(session.isTraining)
  }

  @Test("A notice stays until the next key, which clears it")
  func noticeClears() {
    var session = Session(trainer: Trainer(preset: .bias, seed: 1))
    session.apply(.saveSnapshot)
    session.handle(.saved("sinetui-20261130-120000.json"))
    session.recordProgress()
    session.handle(.measured(stepsPerSecond: 12))
    #expect(session.notice == "saved sinetui-20261130-120000.json")
    session.apply(.toggleHiddenUnits)
    #expect(session.notice == nil)
  }

  @Test("DIVERGED names the rule and eta it diverged under, whatever the keys do later")
  func divergenceKeepsItsCause() throws {
    var session = session(.numpy, seed: 3, rule: .sign)
    for _ in 0..<100 where !session.trainer.hasDiverged {
      session.train(steps: 500)
      session.recordProgress()
    }
    let divergence = try #require(session.run.divergence)
    session.apply(.toggleDoubleSigmoid)
    session.apply(.etaUp)
    #expect(session.trainer.rule == .original)
    #expect(session.run.divergence == divergence)
    #expect(divergence.rule == .sign && divergence.eta == 0.01)
    let status = FrameRenderer.render(session, columns: 120, rows: 30, glyphs: .ascii).text
    #expect(status.contains("DIVERGED at step \(divergence.step) (sign, eta 0.01)"))
    session.apply(.reset)
    #expect(session.run.divergence == nil)
  }

  @Test("p starts the next preset's whole experiment, its eta included; r keeps eta")
  func presetRestoresEta() {
    var session = session()
    session.apply(.etaUp)
    session.apply(.etaUp)
    #expect(session.trainer.eta == 0.1)
    session.apply(.reset)
    #expect(session.trainer.eta == 0.1)
    session.apply(.nextPreset)
    #expect(session.trainer.eta == 0.01)
    #expect(session.trainer.preset == .numpy)
  }

  @Test("eta is shown in one format at every rung: no trailing .0, exponents as 1e-05")
  func etaFormat() {
    var session = session()
    var shown: [String] = []
    for _ in 0..<12 { session.apply(.etaDown) }
    for _ in 0..<13 {
      let text = FrameRenderer.render(session, columns: 120, rows: 30, glyphs: .ascii).text
      let token = text.split(separator: " ").drop { $0 != "eta" }.dropFirst().first
      shown.append(token.map(String.init) ?? "?")
      session.apply(.etaUp)
    }
    #expect(
      shown == [
        "1e-05", "3e-05", "0.0001", "0.0003", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1",
        "3", "10",
      ])
  }
}
