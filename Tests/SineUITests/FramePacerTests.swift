import Testing

@testable import SineUI

/// An instant the test makes up: a duration since a start.
struct FakeInstant: InstantProtocol, Sendable {
  var offset: Duration

  static func ms(_ milliseconds: Int) -> FakeInstant {
    FakeInstant(offset: .milliseconds(milliseconds))
  }

  func advanced(by duration: Duration) -> FakeInstant {
    FakeInstant(offset: offset + duration)
  }

  func duration(to other: FakeInstant) -> Duration {
    other.offset - offset
  }

  static func < (lhs: FakeInstant, rhs: FakeInstant) -> Bool { lhs.offset < rhs.offset }
}

@Suite("Frame pacing, with made-up instants")
struct FramePacerTests {
  static func pacer() -> FramePacer<FakeInstant> {
    FramePacer(start: .ms(0), framesPerSecond: 30, drawingReserve: .milliseconds(2))
  }

  @Test("A fixed speed owes its steps for the time that passed, at most one second's worth")
  func owedSteps() {
    var pacer = Self.pacer()
    let first = pacer.budget(at: .ms(100), speed: .perSecond(1000))
    #expect(first.steps == 100)
    #expect(first.deadline.offset == .milliseconds(100) + .seconds(1) / 30 - .milliseconds(2))
    let rate = pacer.trained(100, of: first, at: .ms(101))
    #expect(rate == nil)
    // Half a step owed is kept for the next frame rather than lost or rounded up.
    let second = pacer.budget(at: .ms(110), speed: .perSecond(50))
    #expect(second.steps == 0)
    _ = pacer.trained(0, of: second, at: .ms(110))
    let third = pacer.budget(at: .ms(130), speed: .perSecond(50))
    #expect(third.steps == 1)
    // After a long stall, one second's worth at most.
    var stalled = Self.pacer()
    let afterStall = stalled.budget(at: .ms(60_000), speed: .perSecond(100))
    #expect(afterStall.steps == 100)
  }

  @Test("Steps that did not fit in the frame are forgiven, not carried into the next")
  func forgiven() {
    var pacer = Self.pacer()
    let budget = pacer.budget(at: .ms(500), speed: .perSecond(10_000))
    #expect(budget.steps == 5000)
    _ = pacer.trained(1200, of: budget, at: .ms(533))
    let next = pacer.budget(at: .ms(533), speed: .perSecond(10_000))
    #expect(next.steps == 330)
  }

  @Test("At max, train until the next frame is due, less the drawing reserve")
  func maxSpeed() {
    var pacer = Self.pacer()
    let budget = pacer.budget(at: .ms(0), speed: .max)
    #expect(budget.steps == .max)
    #expect(budget.deadline == .ms(-2))
    pacer.drew(at: .ms(1))
    let next = pacer.budget(at: .ms(5), speed: .max)
    #expect(next.deadline.offset == .seconds(1) / 30 - .milliseconds(2))
  }

  @Test("The measured rate is steps over each window of at least 500 ms; idle starts afresh")
  func measuredRate() {
    var pacer = Self.pacer()
    let budget = pacer.budget(at: .ms(0), speed: .max)
    var rates = [
      pacer.trained(3000, of: budget, at: .ms(250)), pacer.trained(2000, of: budget, at: .ms(500)),
      pacer.trained(100, of: budget, at: .ms(700)),
    ]
    pacer.idle(at: .ms(800))
    rates.append(pacer.trained(400, of: budget, at: .ms(1300)))
    #expect(rates == [nil, 10_000, nil, 800])
  }

  @Test("Frames are drawn at most once an interval; a loop that fell behind starts afresh")
  func drawing() {
    var pacer = Self.pacer()
    #expect(pacer.isDrawDue(at: .ms(0)))
    pacer.drew(at: .ms(0))
    #expect(!pacer.isDrawDue(at: .ms(20)))
    #expect(pacer.isDrawDue(at: .ms(32)))
    pacer.drew(at: .ms(32))
    #expect(pacer.nextDraw.offset == .seconds(2) / 30)
    pacer.drew(at: .ms(500))
    #expect(pacer.nextDraw.offset == .milliseconds(500) + .seconds(1) / 30)
  }

  @Test("Waiting: none at max, until the next frame while moving, a quarter second when idle")
  func waiting() {
    var pacer = Self.pacer()
    pacer.drew(at: .ms(0))
    let frame = Duration.seconds(1) / 30
    #expect(pacer.wait(at: .ms(10), isTraining: true, speed: .max, needsDrawing: false) == .zero)
    #expect(
      pacer.wait(at: .ms(10), isTraining: true, speed: .perSecond(10), needsDrawing: false)
        == frame - .milliseconds(12))
    #expect(
      pacer.wait(at: .ms(10), isTraining: false, speed: .max, needsDrawing: true)
        == frame - .milliseconds(12))
    #expect(
      pacer.wait(at: .ms(10), isTraining: false, speed: .max, needsDrawing: false)
        == .milliseconds(250))
    #expect(
      pacer.wait(at: .ms(100), isTraining: true, speed: .perSecond(10), needsDrawing: false)
        == .zero)
  }

  @Test("The gradient check is refreshed at most every 250 ms")
  func checks() {
    var pacer = Self.pacer()
    let taken = [100, 250, 400, 500].map { pacer.takeCheck(at: .ms($0)) }
    #expect(taken == [false, true, false, true])
  }

  @Test("At 1 step a second the measured rate reads 1, not 0 or 2: a window waits for 4 steps")
  func slowRate() {
    var pacer = Self.pacer()
    var rates: [Double] = []
    // One step a second, the loop running every 30 ms.
    for tick in 1...400 {
      let now = FakeInstant.ms(tick * 30)
      let budget = pacer.budget(at: now, speed: .perSecond(1))
      if let rate = pacer.trained(budget.steps, of: budget, at: now) { rates.append(rate) }
    }
    #expect(!rates.isEmpty)
    #expect(rates.allSatisfy { (0.9...1.1).contains($0) }, "\(rates)")
  }
}
