import Testing

@testable import SineNet

@Suite("Random numbers")
struct RandomTests {
  @Test("SplitMix64 matches the reference implementation")
  func splitMixReference() {
    var generator = SplitMix64(seed: 0)
    #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
    #expect(generator.next() == 7_960_286_522_194_355_700)
  }

  @Test("xoshiro256** seeded through SplitMix64 matches the reference implementation")
  func xoshiroReference() {
    // The C reference (prng.di.unimi.it) with its state filled by splitmix64 from 42.
    var generator = Xoshiro256StarStar(seed: 42)
    #expect(generator.next() == 1_546_998_764_402_558_742)
    #expect(generator.next() == 6_990_951_692_964_543_102)
    #expect(generator.next() == 12_544_586_762_248_559_009)
  }

  @Test("A saved state continues the same sequence")
  func stateRoundTrip() throws {
    var original = Xoshiro256StarStar(seed: 7)
    _ = original.next()
    var restored = try #require(Xoshiro256StarStar(state: original.state))
    #expect((0..<5).map { _ in restored.next() } == (0..<5).map { _ in original.next() })
    #expect(Xoshiro256StarStar(state: [0, 0, 0, 0]) == nil)
    #expect(Xoshiro256StarStar(state: [1, 2, 3]) == nil)
  }

  @Test("Unit doubles stay in [0, 1) and indices below their bound, covering all of it")
  func drawsStayInRange() {
    var generator = Xoshiro256StarStar(seed: 3)
    var seen = Set<Int>()
    for _ in 0..<10_000 {
      let unit = generator.nextUnit()
      #expect(unit >= 0 && unit < 1)
      let index = generator.nextIndex(below: 7)
      #expect((0..<7).contains(index))
      seen.insert(index)
    }
    #expect(seen.count == 7)
  }
}
