import Foundation
import SineFormats
import SineNet
import Testing

@testable import SineUI

/// A session replaying a trace, without a terminal.
@Suite("A session replaying a trace")
struct ReplaySessionTests {
  /// A session replaying `rule`'s steps from `Trainer(preset: .numpy, seed: 8)`, and those steps.
  static func replay(_ rule: GradientRule, steps: Int = 20) -> (Session, [TracedStep]) {
    var trainer = Trainer(preset: .numpy, seed: 8, rule: rule)
    let start = trainer.network
    var traced: [TracedStep] = []
    for _ in 0..<steps {
      guard let sample = trainer.step()?.first else { break }
      traced.append(TracedStep(sample: sample, network: trainer.network))
    }
    let session = Session(
      replaying: TraceHeader(eta: 0.01, network: start, presetName: "numpy"),
      samples: traced.map(\.sample), verdict: "follows rule original", isCorrect: false)
    return (session, traced)
  }

  @Test("The main run shows the traced networks; the other trains correctly on the same samples")
  func follows() {
    var (session, traced) = Self.replay(.original)
    session.handle(.traced(traced[...]))
    #expect(session.trainer.network == traced.last?.network)
    #expect(session.trainer.stepCount == 20)
    var correct = Trainer(preset: .numpy, seed: 8)
    correct.train(steps: 20)
    #expect(session.comparison?.trainer.network == correct.network)
    #expect(session.comparison?.trainer.rule == .correct)
  }

  @Test("Keys that would change the rule, η, start or samples do nothing during a replay")
  func ignoredKeys() {
    var (session, _) = Self.replay(.original)
    let before = session
    for command in [
      Command.reset, .nextPreset, .toggleOriginalBugs, .toggleSign, .toggleDoubleSigmoid, .etaUp,
      .etaDown, .toggleComparison, .saveSnapshot, .toggleGradientCheck,
    ] {
      let effect = session.apply(command)
      #expect(effect == nil, "\(command)")
      #expect(session.trainer.rule == before.trainer.rule, "\(command)")
      #expect(session.trainer.eta == before.trainer.eta, "\(command)")
      #expect(session.trainer.network == before.trainer.network, "\(command)")
      #expect(session.comparison != nil, "\(command)")
      #expect(!session.overlays.isShowingGradientCheck, "\(command)")
    }
  }

  @Test("n and N ask for the trace's next steps, only while paused")
  func stepping() {
    var (session, traced) = Self.replay(.correct)
    let running = session.apply(.stepOnce)
    session.apply(.togglePause)
    let paused = [session.apply(.stepOnce), session.apply(.stepThousand)]
    #expect(running == nil)
    #expect(paused == [.readTrace(steps: 1), .readTrace(steps: 1000)])
    session.handle(.traced(traced[0..<1]))
    #expect(session.trainer.stepCount == 1)
    session.handle(.traceEnded)
    let ended = session.apply(.stepOnce)
    #expect(ended == nil)
  }

  @Test("The end of the trace pauses the view, and space does not resume it")
  func end() {
    var (session, traced) = Self.replay(.correct)
    session.handle(.traced(traced[...]))
    session.handle(.traceEnded)
    #expect(session.isPaused)
    #expect(!session.isTraining)
    session.apply(.togglePause)
    #expect(session.isPaused)
    #expect(session.replay?.isFinished == true)
  }

  @Test("A traced divergence stops the replay at that step")
  func divergence() {
    var (session, traced) = Self.replay(.original, steps: 3)
    var broken = traced[1].network
    broken = Network(w1: broken.w1.map { _ in .nan }, w2: broken.w2)
    session.handle(
      .traced([traced[0], TracedStep(sample: traced[1].sample, network: broken), traced[2]][...]))
    #expect(session.trainer.divergedAtStep == 2)
    #expect(session.trainer.stepCount == 2)
  }

  @Test("The replay's frame: the verdict on the status line and only the keys that work")
  func frame() {
    var (session, traced) = Self.replay(.original)
    session.handle(.traced(traced[...]))
    session.recordProgress()
    let frame = FrameRenderer.render(session, columns: 60, rows: 16, glyphs: .ascii)
    #expect(
      frame.text == """
        step 20  eta 0.01  mse 7.7e+00 | other 5.5e-01
        trace follows rule original  preset numpy  speed 100k/s
        y .. sin(x)  ## network  ' samples  ^v clamped  %% other: co
           1.0+   .....                 .....                 ......
           0.0+%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%
              |           ...     ...           ...     ...
          -1.0+###vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv
              ++----------------+-----------------+----------------+
               0                5                10               15
        mse ** log scale, against step
         1e+01+                          ***************************
         1e+00+%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%
         1e-01+
              ++-------------------------+-------------------------+
               0                        10                        20
        space pause  n/N step  [/] speed  e why  ? help  q quit
        """)
  }

  @Test("The plot shows the replayed samples' range, not the preset's")
  func viewRange() {
    let samples = [Sample(x: -3, y: sin(-3)), Sample(x: 2.5, y: sin(2.5))]
    var session = Session(
      replaying: TraceHeader(eta: 0.01, network: Network(w1: [0.5], w2: [1])), samples: samples,
      verdict: "follows rule correct", isCorrect: true)
    #expect(session.viewRange == -3..<(2.5).nextUp)
    session.apply(.toggleWideView)
    #expect(session.viewRange.lowerBound == -3 - (2.5.nextUp + 3))
  }
}
