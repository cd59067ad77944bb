import SineNet
import Testing

@testable import SineUI

/// The views that explain the seed's failure, as whole frames at 60x16.
@Suite("Explaining views")
struct ViewTests {
  /// numpy, seed 4, after 100,000 correct steps, paused, with the hidden units shown.
  static func units() -> Session {
    var session = Session(trainer: Trainer(preset: .numpy, seed: 4))
    session.train(steps: 100_000)
    session.recordProgress()
    session.apply(.togglePause)
    session.apply(.toggleHiddenUnits)
    return session
  }

  @Test("h draws each unit's share behind the curves: without biases every step sits at x = 0")
  func hiddenUnits() {
    #expect(
      FrameRenderer.render(Self.units(), columns: 60, rows: 16, glyphs: .ascii).text == """
        step 100000  eta 0.01  mse 4.1e-01  gradient correct  PAUSED
        preset numpy  speed 100k/s  0 steps/s  seed 4
        y .. sin(x)  ## network  ' samples  ^v clamped  : units
           1.0+  ##....'             :::.....'::::::::::::::::......
           0.0+##.:#######'::::::::::...'###########################
              |:::::::::::###############:::::::...'::::...'::::::::
          -1.0+::::::::::::::.....                 .....'
              ++----------------+-----------------+----------------+
               0                5                10               15
        mse ** log scale, against step
         1e+01+*************
         1e+00+             **************************
         1e-01+                                       **************
              ++-------------------------+-------------------------+
               0                        50k                     100k
        space pause  b bugs  1 sign  2 sigsig  ? help  q quit
        """)
  }

  @Test("z widens the plot to three times the data range around it")
  func wideView() {
    var session = FrameTests.trained()
    session.apply(.toggleWideView)
    #expect(session.viewRange == -15..<30)
    #expect(
      FrameRenderer.render(session, columns: 60, rows: 16, glyphs: .ascii).text == """
        step 200000  eta 0.01  mse 3.1e-01  gradient correct
        preset bias  speed 100k/s  0 steps/s  seed 3
        y .. sin(x)  ## network  ' samples  ^v clamped
           1.0+    ..     ..     '##     ..     ..'     ..     ..
           0.0+   .  .   .  .   ## .#   .###########################
              |######## .    .##.   #'###  '. .'   .  .    . .    .
          -1.0+..      #######..     #.'    '.'     ..      .      .
              +-----+-----------+-----------+-----------+----------+
                   -10          0          10          20         30
        mse ** log scale, against step
         1e+01+
         1e+00+**************************
         1e-01+                          ***************************
              ++-------------------------+-------------------------+
               0                       100k                     200k
        space pause  b bugs  1 sign  2 sigsig  ? help  q quit
        """)
    session.apply(.toggleWideView)
    #expect(session.viewRange == 0..<15)
  }

  @Test("e explains the three problems, each with the original line, the fix and its key")
  func explanation() {
    var session = FrameTests.trained()
    session.apply(.toggleWideView)
    session.apply(.toggleExplanation)
    #expect(
      FrameRenderer.render(session, columns: 60, rows: 16, glyphs: .ascii).text == """
        +----------------------------------------------------------+
        | Why the original program fails (e closes)                |
        | 1 Flipped sign (key 1)                                   |
        |   (y - layer3) * ... where (layer3 - y) * ... is meant   |
        |   Ascent, not descent: weights grow until they overflow. |
        | 2 Sigmoid of a sigmoid (key 2)                           |
        |   original: sigmoid_deriv(sigmoid(layer2))               |
        |   fixed:    sigmoid_deriv(layer2)                        |
        |   Saturated units keep learning, so on [0, 15) the fit   |
        |   flattens: mse 0.50, like predicting 0. [0, 1) learns.  |
        | 3 Not the same experiment (key p)                        |
        |   NumPy: x in [0, 15), no biases. TensorFlow: [0, 1).    |
        |   No bias: every unit switches at x = 0 (press h).       |
        | b switches both bugs; preset bias adds the biases.       |
        +----------------------------------------------------------+
        space pause  b bugs  1 sign  2 sigsig  ? help  q quit
        """)
  }

  @Test("Help and explanation replace each other; each key toggles its own")
  func overlaysExclude() {
    var session = FrameTests.trained()
    session.apply(.toggleHelp)
    session.apply(.toggleExplanation)
    #expect(session.overlays.isShowingExplanation && !session.overlays.isShowingHelp)
    session.apply(.toggleHelp)
    #expect(session.overlays.isShowingHelp && !session.overlays.isShowingExplanation)
    session.apply(.toggleHelp)
    #expect(!session.overlays.isShowingHelp)
    session.apply(.toggleHiddenUnits)
    #expect(session.overlays.isShowingHiddenUnits)
    session.apply(.toggleHiddenUnits)
    #expect(!session.overlays.isShowingHiddenUnits)
  }

  @Test("The views fit every line in 60 columns")
  func overlaysFit() {
    #expect(HelpOverlay.widest <= 56)
    #expect(ExplainOverlay.widest <= 56)
    #expect(HelpOverlay.lines.count <= 14)
    #expect(ExplainOverlay.lines.count <= 14)
  }

  /// numpy, seed 3, comparing the correct rule with the seed's for 10,000 steps, paused.
  static func comparing() -> Session {
    var session = Session(trainer: Trainer(preset: .numpy, seed: 3))
    session.apply(.toggleComparison)
    for _ in 0..<10 {
      session.train(steps: 1000)
      session.recordProgress()
    }
    session.apply(.togglePause)
    return session
  }

  @Test("c draws the other rule's run in its own glyph, with its mse and its loss")
  func comparison() {
    #expect(
      FrameRenderer.render(Self.comparing(), columns: 60, rows: 16, glyphs: .ascii).text == """
        step 10000  eta 0.01  mse 4.9e-01 | other inf
        gradient correct  PAUSED  preset numpy  speed 100k/s
        y .. sin(x)  ## network  ' samples  ^v clamped  %% other: or
           1.0+^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
           0.0+.#######...'          ...'    ...'          ...'    '
              |        #############################################
          -1.0+              .....'                .....'
              ++----------------+-----------------+----------------+
               0                5                10               15
        mse ** log scale, against step
         1e+01+   %%^%%%%^%%%%^%%%%%^^^^
         1e+00+%%%               ******          ******     ********
         1e-01+   ***************      **********      *****
              ++-------------------------+-------------------------+
               0                        5k                       10k
        space pause  b bugs  1 sign  2 sigsig  ? help  q quit
        """)
  }

  @Test("g shows the active rule against finite differences, wrong rows marked")
  func gradientCheckPanel() {
    var session = Session(trainer: Trainer(preset: .bias, seed: 1, rule: .original))
    session.apply(.togglePause)
    session.apply(.toggleGradientCheck)
    let frame = FrameRenderer.render(session, columns: 60, rows: 16, glyphs: .ascii)
    #expect(
      frame.text == """
        step 0  eta 0.01  mse 1.1e+00  gradient original  PAUSED
        preset bias  speed 100k/s  0 steps/s  seed 1
        y .. sin(x)  ## network  ' samples  ^v clamped
           1.0+----------------------------------------------------+
           0.0| gradient check: original, x = 2.5143, y = 0.5869   |
              | grp |analytic| |numeric|  cosine  rel.err  verdict |
          -1.0| w1  1.203e+00  8.568e-01  -0.925  9.8e-01  WRONG   |
              | w2  2.011e+00  2.011e+00  -1.000  1.0e+00  WRONG   |
              | b1  4.784e-01  3.408e-01  -0.925  9.8e-01  WRONG   |
        mse **| b2  1.138e+00  1.138e+00  -1.000  1.0e+00  WRONG   |
         1e+01+----------------------------------------------------+
              |
         1e+00+*
              ++-------------------------+-------------------------+
               0                         5                        10
        space pause  b bugs  1 sign  2 sigsig  ? help  q quit
        """)
    // The four rows are drawn in the warning tone.
    let tones = (0..<60).compactMap { frame[6, $0]?.tone }
    #expect(tones.contains(.warning))
    session.apply(.toggleOriginalBugs)
    #expect(session.gradientCheck?.passes == true)
    #expect(session.gradientCheck?.rule == .correct)
  }
}
