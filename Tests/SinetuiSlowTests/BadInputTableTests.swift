import Foundation
import TestSupport
import Testing

/// Every option of every command, given every kind of bad value: one line naming the option and
/// what it accepts, exit 64 (EX_USAGE), nothing on standard output and no file written.
@Suite("Bad command lines")
struct BadInputTableTests {
  @Test(
    "Each bad value of each option gets exit 64, one line naming it, and nothing written",
    arguments: BadCommandLines.cases)
  func badInput(_ bad: BadCommandLines.Case) throws {
    try BadCommandLines.check(bad)
  }
}
