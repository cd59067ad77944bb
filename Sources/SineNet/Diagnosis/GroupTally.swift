/// The running count, for one parameter group, of the steps each rule explains.
struct GroupTally {
  let group: ParameterGroup
  /// Steps each rule explains, indexed like `GradientRule.allCases`.
  var matches = [Int](repeating: 0, count: GradientRule.allCases.count)
  /// The first step no rule explains, with the comparison that goes with it.
  var firstUnexplained: UnexplainedStep?
}
