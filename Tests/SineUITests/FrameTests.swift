import SineNet
import Testing

@testable import SineUI

/// Whole frames at the smallest size that shows the plots, compared in full.
@Suite("Rendered frames")
struct FrameTests {
  /// bias, seed 3, after 200,000 correct steps.
  static func trained() -> Session { trainedSession }

  /// ``trained()``'s session, trained once for every test that draws it.
  private static let trainedSession: Session = {
    var session = Session(trainer: Trainer(preset: .bias, seed: 3))
    session.train(steps: 200_000)
    session.recordProgress()
    return session
  }()

  /// numpy with the original program's rule, seed 3, run until it diverges (at step 4621).
  static func diverged() -> Session {
    var session = Session(trainer: Trainer(preset: .numpy, seed: 3, rule: .original))
    for _ in 0..<100 where !session.trainer.hasDiverged {
      session.train(steps: 1000)
      session.recordProgress()
    }
    return session
  }

  /// A paused numpy network whose output runs far above the plot for most of the range.
  static func clamped() -> Session {
    let base = Trainer(preset: .numpy, seed: 5)
    var session = Session(
      trainer: Trainer(
        preset: .numpy, seed: 5, dataset: base.dataset,
        network: Network(w1: [0.4, -2], w2: [3, -4]),
        generator: base.generator, rule: .correct, eta: 0.01))
    session.apply(.togglePause)
    return session
  }

  @Test("Braille: both curves, samples, axes with ticks, legend, loss on a log scale")
  func braille() {
    let frame = FrameRenderer.render(Self.trained(), columns: 60, rows: 16, glyphs: .braille)
    #expect(
      frame.text == """
        step 200000  eta 0.01  mse 3.1e-01  gradient correct
        preset bias  speed 100k/s  0 steps/s  seed 3
        y ⠒⠒ sin(x)  ⠒⠒ network  ⠂ samples  ▲▼ clamped
           1.0┤   ⣀⡤⠤⢤⣄⡀                ⣀⡠⠤⠤⣀⡀                ⣀⡠⠤⠤⣄⡀
           0.0┤⣤⠖⠋⠁    ⠉⠳⢄⡀          ⣠⠔⣋⣁⣀⣀⣀⣀⣉⣳⣄⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣴⣊⣁⣀⣀⣀⣀⣈
              │           ⠙⢦⣀⡀⢀⣀⡠⠤⣒⡶⠛⠉⠉         ⠙⠢⣄⡀    ⢀⡤⠚⠁
          -1.0┤              ⠉⠓⠒⠚⠉⠁                ⠉⠙⠒⠒⠋⠁
              └┬────────────────┬─────────────────┬────────────────┬
               0                5                10               15
        mse ⠒⠒ log scale, against step
         1e+01┤
         1e+00┤⠒⠒⠒⠒⠒⠒⠒⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀
         1e-01┤                                 ⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠒⠒⠒⠒⠒⠒⠒
              └┬─────────────────────────┬─────────────────────────┬
               0                       100k                     200k
        space pause  b bugs  1 sign  2 sigsig  ? help  q quit
        """)
  }

  @Test("Without colour, braille curves differ by pattern: the sine dotted, the legend says so")
  func monochrome() {
    var session = Self.clamped()
    session.apply(.toggleComparison)
    session.train(steps: 300)
    session.recordProgress()
    let frame = FrameRenderer.render(
      session, columns: 80, rows: 16, glyphs: .braille, colors: false)
    #expect(
      frame.text == """
        step 300  eta 0.01  mse 4.7e-01 | other 3.4e+03  gradient correct  PAUSED
        preset numpy  speed 100k/s  0 steps/s  seed 5  activation sigmoid  optimizer sgd
        y ⠂⠂ sin(x) dotted  ⠒⠒ network  ⠂ samples  ▲▼ clamped  ⠒ ⠒ other: original
           1.0┤▲▲ ▲▲⣀▲▲⠤▲▲ ▲▲ ▲▲ ▲▲ ▲▲ ▲▲ ▲▲ ▲▲ ▲▲⣀▲▲⠤▲▲⣀▲▲ ▲▲ ▲▲ ▲▲ ▲▲ ▲▲ ▲▲ ▲▲⣀▲▲⠤▲▲⣀▲
           0.0┤⣀⠴⣒⠭⠒⠒⠒⠒⠒⠒⠒⠓⠷⠦⣤⡤⠤⢄⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣠⣔⣊⣉⣀⣀⣀⣀⣀⣀⣈⣉⣒⣤⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣤⣖⣉⣁⣀⣀⣀⣀⣀⣀⣉
              │⠔⠊             ⠈⠓⠦⣄⡀      ⣀⣠⠤⠚⠉               ⠙⠒⠤⣀       ⣀⠤⠖⠋
          -1.0┤                   ⠉⠉⠓⠒⠒⠚⠉⠁                       ⠉⠙⠒⠒⠒⠋⠉
              └┬────────┬─────────┬─────────┬────────┬─────────┬─────────┬─────────┬────
               0        2         4         6        8        10        12        14
        mse ⠒⠒ log scale, against step
         1e+01┤⠉⠉⠉⠉⠉⠙⠛⠛⠛⠛⠛⠛⠛⠛⠛⠛⠭⠭⠭⠭⠭⠭⠭⠭⠭⠭⣉⣉⣉⣉⣉⣉⣉⣉⣉⣉⡉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉▲
         1e+00┤                                    ⠈⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⢄⣀⣀⣀⣀⣀
         1e-01┤
              └┬───────────────────────┬───────────────────────┬───────────────────────┬
               0                      100                     200                    300
        space pause  r reset  b bugs  1 sign  2 sigsig  +/- eta  e why  ? help  q quit
        """)
  }

  @Test("ASCII: the curves differ by glyph, not only by colour")
  func ascii() {
    let frame = FrameRenderer.render(Self.trained(), columns: 60, rows: 16, glyphs: .ascii)
    #expect(
      frame.text == """
        step 200000  eta 0.01  mse 3.1e-01  gradient correct
        preset bias  speed 100k/s  0 steps/s  seed 3
        y .. sin(x)  ## network  ' samples  ^v clamped
           1.0+   ######                .....'                ......
           0.0+###     .##'          ..#############################
              |           ###' ########         ...'    ...'
          -1.0+              ##...'                .....'
              ++----------------+-----------------+----------------+
               0                5                10               15
        mse ** log scale, against step
         1e+01+
         1e+00+**************************
         1e-01+                          ***************************
              ++-------------------------+-------------------------+
               0                       100k                     200k
        space pause  b bugs  1 sign  2 sigsig  ? help  q quit
        """)
    #expect(frame.cells.allSatisfy { $0.scalar.isASCII })
  }

  @Test("Diverged: the notice, the last finite curve clamped with markers, the loss up to the end")
  func diverged() {
    let frame = FrameRenderer.render(Self.diverged(), columns: 60, rows: 16, glyphs: .braille)
    #expect(
      frame.text == """
        step 4621  eta 0.01  mse inf  gradient original
        DIVERGED at step 4621 (original, eta 0.01)  PAUSED
        y ⠒⠒ sin(x)  ⠒⠒ network  ⠂ samples  ▲▼ clamped
           1.0┤▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲
           0.0┤⣠⠖⠋     ⠉⠲⢄⡀          ⣠⠔⠋⠁    ⠉⠳⢄⡀          ⣀⠴⠊⠁    ⠈
              │           ⠙⠢⣀⡀    ⣀⡴⠚⠁          ⠙⠢⣄⡀    ⢀⡤⠚⠁
          -1.0┤              ⠉⠓⠒⠚⠉⠁                ⠉⠙⠒⠒⠋⠁
              └┬────────────────┬─────────────────┬────────────────┬
               0                5                10               15
        mse ⠒⠒ log scale, against step
              │                                    ⣀⣀⣀⣀⠤⠤⠤⠤⠒⠒⠒⠒⠋⠉⠉⠉⠁
        1e+200┤                 ⣀⣀⣀⣀⠤⠤⠤⠤⠔⠒⠒⠒⠒⠒⠊⠉⠉⠉⠉
         1e+00┤⣀⣀⣀⠤⠤⠤⠤⠤⠔⠒⠒⠒⠒⠉⠉⠉⠉
              └┬─────────────────────┬──────────────────────┬───────
               0                    2k                     4k
        space pause  b bugs  1 sign  2 sigsig  ? help  q quit
        """)
  }

  @Test("A curve off the plot is clamped to its edge with a marker, in both glyph sets")
  func clamped() {
    let session = Self.clamped()
    #expect(
      FrameRenderer.render(session, columns: 60, rows: 16, glyphs: .ascii).text == """
        step 0  eta 0.01  mse 7.1e+00  gradient correct  PAUSED
        preset numpy  speed 100k/s  0 steps/s  seed 5
        y .. sin(x)  ## network  ' samples  ^v clamped
           1.0+  ##^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
           0.0+.#.     ...'          ...'    ...'          ...'    '
              |#          ...     ...'          ...'    ...'
          -1.0+              .....'                .....'
              ++----------------+-----------------+----------------+
               0                5                10               15
        mse ** log scale, against step
         1e+01+*
              |
         1e+00+
              ++-------------------------+-------------------------+
               0                         5                        10
        space pause  b bugs  1 sign  2 sigsig  ? help  q quit
        """)
    #expect(
      FrameRenderer.render(session, columns: 60, rows: 16, glyphs: .braille).text == """
        step 0  eta 0.01  mse 7.1e+00  gradient correct  PAUSED
        preset numpy  speed 100k/s  0 steps/s  seed 5
        y ⠒⠒ sin(x)  ⠒⠒ network  ⠂ samples  ▲▼ clamped
           1.0┤  ⡠⣊▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲▲
           0.0┤⣠⡞⠋     ⠉⠲⢄⡀          ⣠⠴⠋⠁    ⠉⠓⢤⡀          ⣀⠴⠊⠁    ⠈
              │⠊          ⠙⠢⣄     ⣀⡤⠊⠁          ⠉⠲⢄⡀    ⢀⡤⠚⠁
          -1.0┤              ⠉⠓⠒⠒⠉⠁                ⠉⠙⠒⠒⠋⠁
              └┬────────────────┬─────────────────┬────────────────┬
               0                5                10               15
        mse ⠒⠒ log scale, against step
         1e+01┤⠂
              │
         1e+00┤
              └┬─────────────────────────┬─────────────────────────┬
               0                         5                        10
        space pause  b bugs  1 sign  2 sigsig  ? help  q quit
        """)
  }

  @Test("? opens the help over the plots")
  func help() {
    var session = Self.clamped()
    session.apply(.toggleHelp)
    #expect(
      FrameRenderer.render(session, columns: 60, rows: 16, glyphs: .ascii).text == """
        +----------------------------------------------------------+
        | sinetui keys (? closes)                                  |
        | space n N    pause / 1 or 1,000 steps while paused       |
        | r p          reset (new seed) / next preset (resets)     |
        | b            both of the original program's bugs on/off  |
        | 1 / 2        flipped sign / sigmoid of a sigmoid alone   |
        | + - up down  eta up / down: 1e-5 ... 10                  |
        | ] [          speed up / down: 1 ... 1M steps/s, max      |
        | a o          activation / optimizer: sgd momentum adam   |
        | m f < >      batch / target / fewer, more units (resets) |
        | c g d        compare / gradient check / derivation       |
        | h z e        hidden units / 3x wider / why it fails      |
        | u U s        derivation's unit / save a snapshot         |
        | ? q Esc ^C   this help / quit; ^Z suspends (fg resumes)  |
        | Where curves cross, the network is drawn on top.         |
        +----------------------------------------------------------+
        """)
  }

  @Test("Below 60x16 the frame says the terminal is too small")
  func tooSmall() {
    #expect(
      FrameRenderer.render(Self.clamped(), columns: 30, rows: 5, glyphs: .ascii).text == "\n" + """
              terminal too small
            need 60x16, have 30x5
                   q quits
        """ + "\n")
    #expect(FrameRenderer.render(Self.clamped(), columns: 1, rows: 1, glyphs: .ascii).text == "t")
  }

  @Test("Sizes from 0x0 to 130x45 give the plots or the too-small note, never a crash")
  func everySize() {
    let sessions = [Self.trained(), Self.diverged(), Self.clamped()]
    var composer = FrameComposer()
    // Every 7th column and every row up to 24, then every 3rd, with both thresholds' neighbours.
    let columnsToTry = Array(Swift.stride(from: 0, through: 130, by: 7)) + [59, 60, 61]
    let rowsToTry = Array(0...24) + Array(Swift.stride(from: 27, through: 45, by: 3))
    for columns in columnsToTry {
      for rows in rowsToTry {
        for session in sessions {
          composer.compose(session, columns: columns, rows: rows, glyphs: .braille)
          let text = composer.frame.text
          #expect(composer.frame.cells.count == columns * rows)
          if columns >= 60 && rows >= 16 {
            #expect(text.hasPrefix("step "), "\(columns)x\(rows)")
            #expect(text.contains("log scale"), "\(columns)x\(rows)")
          } else if columns >= 24 && rows >= 3 {
            #expect(text.contains("terminal too small"), "\(columns)x\(rows)")
          }
        }
      }
    }
  }

  @Test("The status line carries every token a script reads")
  func statusTokens() {
    var session = Self.trained()
    session.apply(.toggleSign)
    session.apply(.etaDown)
    session.apply(.etaDown)
    session.apply(.etaDown)
    session.apply(.etaDown)
    session.apply(.etaDown)
    session.apply(.etaDown)
    session.apply(.etaDown)
    session.apply(.togglePause)
    session.apply(.speedUp)
    let frame = FrameRenderer.render(session, columns: 120, rows: 30, glyphs: .braille)
    let status = frame.text.split(separator: "\n").first.map(String.init)
    #expect(
      status == """
        step 200000  eta 1e-05  mse 3.1e-01  gradient sign  PAUSED  preset bias  speed 1M/s  0 steps/s  seed 3
        """)
    // A seed rule is drawn so nobody can miss it.
    let tones = (0..<120).compactMap { frame[0, $0]?.tone }
    #expect(tones.contains(.warning))
    #expect(tones.contains(.notice))
  }
}
