import SineFormats
import SineNet
import Testing

@testable import SineUI

/// The `d` panel: one unit's part in the next step, correct beside the rule, and its keys.
@Suite("The derivation panel")
struct DerivationPanelTests {
  /// `preset`, seed 1, after `steps` steps under `rule`, paused, with the derivation open.
  static func session(
    _ preset: Preset = .bias, rule: GradientRule = .original, activation: Activation = .sigmoid,
    steps: Int = 50
  ) -> Session {
    var session = Session(
      trainer: Trainer(preset: preset, seed: 1, rule: rule, activation: activation))
    session.train(steps: steps)
    session.recordProgress()
    session.apply(.togglePause)
    session.apply(.toggleDerivation)
    return session
  }

  /// The text of `session`'s frame at 80x24.
  static func text(_ session: Session, glyphs: Canvas.Glyphs = .braille) -> String {
    FrameRenderer.render(session, columns: 80, rows: 24, glyphs: glyphs).text
  }

  /// The panel's row for `name`, inside the box's border, split at its spaces.
  static func row(_ name: String, in text: String) -> [Substring]? {
    for line in text.split(separator: "\n") {
      for border in ["│", "|"] {
        guard let start = line.range(of: border + " " + name + " ") else { continue }
        let inside = line[start.upperBound...].prefix { String($0) != border }
        return [Substring(name)] + inside.split(separator: " ")
      }
    }
    return nil
  }

  // MARK: - Frames

  @Test("The original rule at 80x24: both wrong factors marked, the products follow from them")
  func originalFrame() {
    #expect(
      Self.text(Self.session()) == """
        step 50  eta 0.01  mse 5.3e+02  gradient original  PAUSED  preset bias
        speed 100k/s  0 steps/s  seed 1  activation sigmoid  optimizer sgd  batch 1
        ┌─────────────────────────────────────────────────────────────────────────────┐
        │ next step, unit i = 5 of 10 (|w2| rank 1), x = 8.589, y = 0.7421            │
        │ forward    hᵢ = w1ᵢ·x + b1ᵢ = 11.44·8.589 + 0.9269 = 99.21                  │
        │            aᵢ = σ(hᵢ) = 1                                                   │⣄
        │            ŷ = Σⱼ w2ⱼ·aⱼ + b2 = -23.07                                      │⠈
        │            L = ½(ŷ − y)² = 283.6                                            │
        │ backward   correct                           rule: original                 │
        │ ∂L/∂ŷ      ŷ − y                   -23.82 ≠  y − ŷ                    23.82 │
        │ ∂ŷ/∂aᵢ     w2ᵢ                     -4.136    w2ᵢ                     -4.136 │
        │ ∂aᵢ/∂hᵢ    aᵢ(1 − aᵢ)           8.225e-44 ≠  σ(aᵢ)(1 − σ(aᵢ))        0.1966 │
        │ ∂hᵢ/∂w1ᵢ   x                        8.589    x                        8.589 │
        │ ∂L/∂hᵢ     w2ᵢ·∂aᵢ/∂hᵢ·∂L/∂ŷ    8.101e-42                            -19.37 │▼
        │ ∂L/∂w2ᵢ    aᵢ·∂L/∂ŷ                -23.82                             23.82 │─
        │ ∂L/∂w1ᵢ    ∂L/∂hᵢ·x             6.958e-41                            -166.3 │
        │ ∂L/∂b1ᵢ    ∂L/∂hᵢ               8.101e-42                            -19.37 │
        │ ∂L/∂b2     ∂L/∂ŷ                   -23.82                             23.82 │⠒
        │ next step: θ ← θ − η·(rule column), η = 0.01                                │
        │ u U next/previous unit   n step   d closes                                  │
        └─────────────────────────────────────────────────────────────────────────────┘
              └┬─────────────┬──────────────┬─────────────┬──────────────┬─────────────┬
               0            10             20            30             40            50
        space pause  r reset  b bugs  1 sign  2 sigsig  +/- eta  e why  ? help  q quit
        """)
  }

  @Test("In ASCII, without biases, under the correct rule: nothing marked")
  func asciiFrame() {
    #expect(
      Self.text(Self.session(.numpy, rule: .correct), glyphs: .ascii) == """
        step 50  eta 0.01  mse 5.7e-01  gradient correct  PAUSED  preset numpy
        speed 100k/s  0 steps/s  seed 1  activation sigmoid  optimizer sgd  batch 1
        +-----------------------------------------------------------------------------+
        | next step, unit i = 7 of 10 (|w2| rank 1), x = 9.52, y = -0.09476           |
        | forward    h_i = w1_i*x = -0.8449*9.52 = -8.043                             |
        |            a_i = sigmoid(h_i) = 3.212e-04                                   |.
        |            yhat = sum_j w2_j*a_j = -0.2096                                  |'
        |            L = (yhat - y)^2 / 2 = 0.006592                                  |
        | backward   correct                           rule: correct                  |
        | dL/dyhat   yhat - y               -0.1148    yhat - y               -0.1148 |#
        | dyhat/da_i w2_i                    0.8139    w2_i                    0.8139 |
        | da_i/dh_i  a_i(1 - a_i)         3.211e-04    a_i(1 - a_i)         3.211e-04 |
        | dh_i/dw1_i x                         9.52    x                         9.52 |
        | dL/dh_i    w2*da/dh*dL/dyhat   -3.001e-05                        -3.001e-05 |
        | dL/dw2_i   a_i*dL/dyhat        -3.688e-05                        -3.688e-05 |-
        | dL/dw1_i   dL/dh_i*x           -2.856e-04                        -2.856e-04 |
        | next step: w <- w - eta*(rule column), eta = 0.01                           |
        | u U next/previous unit   n step   d closes                                  |
        +-----------------------------------------------------------------------------+
              |                                    *************************************
         1e-01+
              ++-------------+--------------+-------------+--------------+-------------+
               0            10             20            30             40            50
        space pause  r reset  b bugs  1 sign  2 sigsig  +/- eta  e why  ? help  q quit
        """)
  }

  @Test("Too small for the panel, it says the size it needs")
  func tooSmall() {
    #expect(
      FrameRenderer.render(Self.session(), columns: 60, rows: 16, glyphs: .ascii).text == """
        step 50  eta 0.01  mse 5.3e+02  gradient original  PAUSED
        preset bias  speed 100k/s  0 steps/s  seed 1
        y .. sin(x)  ## network  ' samples  ^v clamped
           1.0+   .....'                .....'                ......
           0.0+...     ...           ...     ...'          ...'    '
              |           ...'    ...           ...'    ...'
          -1.0+vvvvvvvv+----------------------------+vvvvvvvvvvvvvvv
              ++-------| the derivation needs 79x22 |--------------+
               0       | have 60x16; d closes       |             15
        mse ** log scal+----------------------------+
         1e+02+                                       **************
              |             **************************
         1e+00+*************
              ++--------------------+--------------------+----------
               0                   20                   40
        space pause  b bugs  1 sign  2 sigsig  ? help  q quit
        """)
  }

  @Test("A negative bias reads as a subtraction in the forward pass, in both notations")
  func negativeBias() throws {
    var session = Self.session(rule: .correct, steps: 2_000)
    let b1 = try #require(session.trainer.network.b1)
    #expect(b1.contains { $0 < 0 } && b1.contains { $0 > 0 })
    for _ in b1 {
      let unit = session.overlays.derivationUnit
      for glyphs in [Canvas.Glyphs.braille, .ascii] {
        let text = Self.text(session, glyphs: glyphs)
        let minus = DerivationNotation(glyphs).minus
        let bias = b1[unit]
        let shown = (bias < 0 ? minus : " + ") + NumberFormat.short(bias.magnitude) + " = "
        #expect(text.contains(shown), "unit \(unit) b1 \(bias)")
        #expect(!text.contains("+ -"))
      }
      session.apply(.nextUnit)
    }
  }

  // MARK: - Marks

  @Test(
    "≠ marks exactly the factors the rule computes differently, for every activation",
    arguments: Activation.allCases)
  func marks(activation: Activation) throws {
    for glyphs in [Canvas.Glyphs.braille, .ascii] {
      let notation = DerivationNotation(glyphs)
      for rule in GradientRule.allCases {
        let text = Self.text(Self.session(rule: rule, activation: activation), glyphs: glyphs)
        let marked = text.split(separator: "\n").filter { $0.contains(notation.differs) }
        var expected: [String] = []
        if rule.flipsSign { expected.append(notation.dLdy) }
        // For ReLU aᵢ > 0 exactly when hᵢ > 0: the slip computes the same slope.
        if rule.appliesSigmoidTwice, activation != .relu { expected.append(notation.dadh) }
        #expect(marked.count == expected.count, "\(activation) \(rule) \(glyphs)")
        for (line, name) in zip(marked, expected) {
          #expect(line.contains(name + " "), "\(activation) \(rule): \(line)")
        }
      }
    }
  }

  // MARK: - The numbers are the step's

  /// Half a unit in the last digit `text` shows: `-0.01234` 5e-6, `1.5e+04` 500.
  static func halfLastDigit(_ text: Substring) -> Double {
    let parts = text.split(separator: "e")
    let mantissa = parts[0]
    let decimals = mantissa.split(separator: ".").dropFirst().first?.count ?? 0
    let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
    return 0.5 * pow10(exponent - decimals)
  }

  static func pow10(_ n: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(n) { result *= 10 }
    return n < 0 ? 1 / result : result
  }

  @Test(
    "The rule's ∂L/∂w1ᵢ, ∂L/∂w2ᵢ, ∂L/∂b1ᵢ and ∂L/∂b2 are the next step's update over −η",
    arguments: Activation.allCases)
  func productsAreTheUpdate(activation: Activation) throws {
    let notation = DerivationNotation(.ascii)
    var sharp = 0
    var checked = 0
    for rule in GradientRule.allCases {
      // Gradient ascent on ReLU units overflows by step 9 of seed 1: start it from the beginning.
      let start = activation == .relu && rule.flipsSign ? 0 : 20
      var session = Self.session(rule: rule, activation: activation, steps: start)
      // Four units, from the largest |w2| down, one step with n each.
      for _ in 0..<4 {
        let text = Self.text(session, glyphs: .ascii)
        let unit = session.overlays.derivationUnit
        let before = session.trainer.network
        let eta = session.trainer.eta
        let title = try #require(text.split(separator: "\n").first { $0.contains("next step,") })
        session.apply(.stepOnce)
        #expect(session.takePendingSteps() == 1)
        session.recordProgress()
        #expect(!session.trainer.hasDiverged, "\(activation) \(rule)")
        let after = session.trainer.network
        let updates: [(String, Double, Double)] = try [
          ("w1", before.w1[unit], after.w1[unit]), ("w2", before.w2[unit], after.w2[unit]),
          ("b1", #require(before.b1)[unit], #require(after.b1)[unit]),
          ("b2", #require(before.b2), #require(after.b2)),
        ]
        for (name, old, new) in updates {
          let row = try #require(Self.row(notation.gradient(of: name), in: text))
          let shown = try #require(row.last)
          let value = try #require(Double(String(shown)))
          let update = (old - new) / eta
          // The stored θ′ − θ is η · g only to within half an ulp of θ′ (the subtraction's
          // rounding), and the division by η rounds once more.
          let rounding = new.ulp / 2 / eta + update.magnitude * 4 * Double.ulpOfOne
          let shownDigit = Self.halfLastDigit(shown)
          #expect(
            abs(value - update) <= shownDigit * (1 + 1e-9) + rounding,
            "\(activation) \(rule) unit \(unit) \(name): shown \(shown), update/-eta \(update)")
          checked += 1
          if rounding < shownDigit / 100 { sharp += 1 }
        }
        // After n the panel derives the step after, on its own sample.
        let next = Self.text(session, glyphs: .ascii)
        let sample = session.trainer.nextSample
        #expect(next.contains("x = " + NumberFormat.short(sample.x) + ", y = "))
        #expect(!next.contains(String(title.drop { $0 != "n" })), "\(activation) \(rule)")
        session.apply(.nextUnit)
      }
    }
    // Most updates are far above θ's rounding, so the digits shown are what the check holds.
    #expect(checked == 64)
    #expect(sharp * 4 >= checked * 3, "\(sharp) of \(checked) updates checked to the digit")
  }

  // MARK: - Keys

  @Test("d opens on the largest |w2|; u and U walk the units by |w2| and come round")
  func unitKeys() {
    var session = Session(trainer: Trainer(preset: .bias, seed: 3))
    let weights = session.trainer.network.w2.map(\.magnitude)
    let order = weights.indices.sorted { weights[$0] > weights[$1] }
    session.apply(.nextUnit)
    #expect(session.overlays.derivationUnit == 0, "u does nothing while the panel is closed")
    session.apply(.toggleDerivation)
    #expect(session.overlays.isShowingDerivation)
    #expect(session.overlays.derivationUnit == order[0])
    var walked: [Int] = []
    for _ in order {
      walked.append(session.overlays.derivationUnit)
      session.apply(.nextUnit)
    }
    #expect(walked == order)
    #expect(session.overlays.derivationUnit == order[0])
    session.apply(.previousUnit)
    #expect(session.overlays.derivationUnit == order[order.count - 1])
    session.apply(.toggleDerivation)
    #expect(!session.overlays.isShowingDerivation)
  }

  @Test("The derivation takes turns with the help, the explanation and the gradient check")
  func panelsTakeTurns() {
    var session = Session(trainer: Trainer(preset: .bias, seed: 3))
    for other in [Command.toggleHelp, .toggleExplanation, .toggleGradientCheck] {
      session.apply(.toggleDerivation)
      session.apply(other)
      #expect(!session.overlays.isShowingDerivation, "\(other) closes the derivation")
      session.apply(.toggleDerivation)
      #expect(session.overlays.isShowingDerivation)
      #expect(!session.overlays.isShowingHelp && !session.overlays.isShowingExplanation)
      #expect(!session.overlays.isShowingGradientCheck)
      session.apply(.toggleDerivation)
    }
  }

  @Test("A reset, or fewer units, starts the derivation again at the largest |w2|")
  func restart() {
    var session = Session(trainer: Trainer(preset: .bias, seed: 3))
    session.apply(.toggleDerivation)
    for command in [Command.reset, .fewerUnits, .fewerUnits] {
      session.apply(.nextUnit)
      session.apply(command)
      let weights = session.trainer.network.w2.map(\.magnitude)
      #expect(session.overlays.derivationUnit == weights.indices.max { weights[$0] < weights[$1] })
      #expect(session.overlays.derivationUnit < session.trainer.network.hidden)
    }
  }

  // MARK: - Notes

  @Test(
    "The note says when the products are not the update: a batch, another optimizer, a divergence")
  func notes() {
    var session = Self.session(rule: .correct)
    #expect(Self.text(session).contains("next step: θ ← θ − η·(rule column), η = 0.01"))
    session.apply(.nextBatchSize)
    #expect(
      Self.text(session).contains("batch 8: the update averages 8 samples'; this is the first"))
    session.apply(.nextOptimizer)
    #expect(Self.text(session).contains("momentum: the update is not η times these"))
    var diverged = Self.session(rule: .sign, steps: 0)
    for _ in 0..<12 { diverged.apply(.etaUp) }
    diverged.apply(.togglePause)
    diverged.train(steps: 1_000_000)
    diverged.recordProgress()
    #expect(diverged.trainer.hasDiverged)
    let text = Self.text(diverged)
    #expect(text.contains("diverged: these are the last finite weights; r resets"))
    #expect(!text.contains("nan"), "the last finite weights give finite numbers")
  }
}
