import SineNet

/// What a trace shows about the gradient the program that wrote it computes.
public struct Diagnosis: Sendable, Hashable {
  /// The steps compared: every step line, or those before the divergence.
  public var steps: Int
  /// The network's hidden units.
  public var hidden: Int
  /// Whether the network has biases.
  public var hasBiases: Bool
  /// The η from line 1.
  public var eta: Double
  /// The relative tolerance the updates were compared to.
  public var tolerance: Double
  /// The first step with a value that is not finite (the loss or a parameter after the step), or
  /// nil; reading stopped there.
  public var divergedAtStep: Int?
  /// The line the divergence is on, or nil.
  public var divergedAtLine: Int?
  /// The diagnosis of each parameter group the network has (w1, w2, then b1 and b2 with biases).
  public var groups: [GroupDiagnosis]
  /// The verdict for the whole trace.
  public var verdict: Verdict

  /// The verdict in plain language: a sentence, and for a wrong rule the lines it computes and the
  /// corrected ones.
  public var explanation: [String] { verdict.explanation(groups: groups) }
}
