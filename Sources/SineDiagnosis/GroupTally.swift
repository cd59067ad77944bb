import SineNet

/// The running count, for one parameter group, of the steps each rule explains.
struct GroupTally {
  let group: ParameterGroup
  /// Steps each rule explains, indexed like `GradientRule.allCases`.
  var matches = [Int](repeating: 0, count: GradientRule.allCases.count)
  /// The first step no rule explains, with the comparison that goes with it.
  var firstUnexplained: UnexplainedStep?
  /// The unexplained steps whose single factor agrees with the first one's, while its pattern is
  /// ``UnexplainedStep/RatioPattern/unconfirmed(_:)``.
  var agreeing = 1
}
