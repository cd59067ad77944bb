import SineFormats
import SineNet

/// The two status rows: every setting a key changes, in tokens scripts can read
/// (`step N`, `eta V`, `mse V`, `gradient R`, `preset P`, `PAUSED`, `DIVERGED at step N`,
/// `STEP LIMIT N`).
///
/// Tokens flow over the rows in order, two spaces apart. When not all fit, the least important go
/// first, whole: the step, η, the mse, the rule and PAUSED or DIVERGED stay longest. Each token is
/// written in parts, so nothing is concatenated.
struct StatusLine {
  var session: Session

  /// How much each token matters when not all fit: the higher, the longer it stays.
  enum Rank {
    /// What a person must always see: step, η, mse, the rule, PAUSED, DIVERGED, STEP
    /// LIMIT, END OF TRACE.
    static let essential = 20
    /// The answer to the last key, such as a snapshot's name.
    static let notice = 15
    /// The experiment.
    static let preset = 10
    /// The speed setting.
    static let speed = 9
    /// The measured rate.
    static let rate = 8
    /// The random seed.
    static let seed = 7
    /// The activation (a key that changes it also says so in a notice, at any width).
    static let activation = 6
    /// The optimizer.
    static let optimizer = 5
    /// The batch size.
    static let batch = 4
    /// The target function.
    static let target = 3
    /// The hidden-unit count.
    static let hidden = 2
  }

  /// Flows the tokens over `rows` rows from `top`.
  func draw(on frame: inout Frame, top: Int, rows: Int) {
    TokenFlow.draw(top: top, rows: rows, on: &frame) { flow, frame in
      emit(into: &flow, on: &frame)
    }
  }

  private func emit(into flow: inout TokenFlow, on frame: inout Frame) {
    let trainer = session.trainer
    let essential = Rank.essential
    flow.token(rank: essential, "step ", String(trainer.stepCount), on: &frame)
    flow.token(rank: essential, "eta ", NumberFormat.shortest(trainer.eta), on: &frame)
    if let comparison = session.comparison {
      flow.token(
        rank: essential, "mse ", NumberFormat.scientific(session.currentMSE, digits: 2),
        " | other ", NumberFormat.scientific(comparison.currentMSE, digits: 2), on: &frame)
    } else {
      flow.token(
        rank: essential, "mse ", NumberFormat.scientific(session.currentMSE, digits: 2),
        on: &frame)
    }
    if let replay = session.replay {
      flow.token(
        rank: essential, "trace ", replay.verdict, tone: replay.isCorrect ? .plain : .warning,
        on: &frame)
      if replay.isFinished {
        flow.token(rank: essential, "END OF TRACE", tone: .notice, on: &frame)
      }
    } else {
      // For ReLU the slope at the activation is the true slope: say so rather than pretend.
      let sameAsCorrect =
        trainer.rule.appliesSigmoidTwice && !trainer.activation.slipChangesSlope
      flow.token(
        rank: essential, "gradient ", trainer.rule.rawValue,
        sameAsCorrect
          ? (trainer.rule.flipsSign ? " (= sign for relu)" : " (= correct for relu)") : "",
        tone: trainer.rule == .correct ? .plain : .warning, on: &frame)
    }
    if let divergence = session.run.divergence {
      if session.replay != nil {
        flow.token(
          rank: essential, "DIVERGED at step ", String(divergence.step), tone: .warning, on: &frame)
      } else {
        // The rule and η it diverged under, which later keys may have changed since.
        flow.token(
          rank: essential, "DIVERGED at step ", String(divergence.step),
          " (" + divergence.rule.rawValue + ", eta " + NumberFormat.shortest(divergence.eta) + ")",
          tone: .warning, on: &frame)
        flow.token(rank: Rank.notice, "press r to reset", tone: .warning, on: &frame)
      }
    } else if trainer.isAtStepLimit {
      flow.token(
        rank: essential, "STEP LIMIT ", String(Trainer.stepLimit), tone: .warning, on: &frame)
      flow.token(rank: Rank.notice, "press r to reset", tone: .warning, on: &frame)
    }
    if session.isPaused {
      flow.token(rank: essential, "PAUSED", tone: .notice, on: &frame)
    }
    if let notice = session.notice {
      flow.token(rank: Rank.notice, notice, tone: .notice, on: &frame)
    }
    flow.token(rank: Rank.preset, "preset ", trainer.preset.rawValue, on: &frame)
    flow.token(rank: Rank.speed, "speed ", session.speed.label, on: &frame)
    flow.token(
      rank: Rank.rate, NumberFormat.rate(session.measuredRate), " steps/s", on: &frame)
    // A replay has no seed or settings of its own.
    if session.replay == nil {
      flow.token(rank: Rank.seed, "seed ", String(trainer.seed), on: &frame)
      flow.token(rank: Rank.activation, "activation ", trainer.activation.rawValue, on: &frame)
      flow.token(rank: Rank.optimizer, "optimizer ", trainer.optimizer.rawValue, on: &frame)
      flow.token(rank: Rank.batch, "batch ", String(trainer.batchSize), on: &frame)
      flow.token(rank: Rank.target, "target ", trainer.target.rawValue, on: &frame)
      flow.token(rank: Rank.hidden, "hidden ", String(trainer.network.hidden), on: &frame)
    }
  }
}
