import Foundation
import TestSupport
import Testing

/// Bad command lines in the fast loop: each option's first bad value and one of every other kind
/// of bad line (``BadCommandLines/sample``); `SinetuiSlowTests` runs every bad value.
@Suite("Bad command lines, a slice")
struct BadInputTests {
  @Test(
    "One bad value of each option, and each other kind of bad line: exit 64, one line, nothing written",
    arguments: BadCommandLines.sample)
  func badInput(_ bad: BadCommandLines.Case) throws {
    try BadCommandLines.check(bad)
  }
}
