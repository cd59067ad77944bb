import SineNet

/// Where the seeds of resets come from: one stream, started from the session's first seed, so that
/// a whole session replays from that seed.
struct ResetSeeds: Sendable {
  private var generator: Xoshiro256StarStar

  /// The stream for a session whose first run has `seed`.
  init(after seed: UInt64) {
    generator = Xoshiro256StarStar(seed: seed ^ 0x5EED_5EED_5EED_5EED)
  }

  /// The next seed, kept to 32 bits: short enough to read off the status line and type back in.
  mutating func next() -> UInt64 {
    generator.next() >> 32
  }
}
