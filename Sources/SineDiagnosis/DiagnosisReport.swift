import SineFormats
import SineNet

/// A diagnosis written out: lines for people, or one JSON object for scripts.
public struct DiagnosisReport: Sendable {
  /// The diagnosis written.
  public var diagnosis: Diagnosis
  /// The trace's file name, as the person gave it.
  public var file: String

  /// The report of `diagnosis` of the trace in `file`.
  public init(diagnosis: Diagnosis, file: String) {
    self.diagnosis = diagnosis
    self.file = file
  }

  // MARK: - For people

  /// The settings, one line per parameter group (with the first unexplained step under a group no
  /// bug explains), the divergence, then the verdict.
  public var lines: [String] {
    let d = diagnosis
    var lines = [
      "trace \(QuotedText.escaped(file)): \(d.steps) steps compared, hidden \(d.hidden) "
        + (d.hasBiases ? "with biases" : "without biases")
        + ", \(d.activation.rawValue), batch \(d.batch), eta \(d.eta), tolerance \(d.tolerance)"
    ]
    for group in d.groups {
      lines.append(group.summary)
      if let step = group.firstUnexplained {
        lines += [
          "  first unexplained: step \(step.step) (line \(step.line))",
          "  traced update:  "
            + Self.list(step.traced.map { NumberFormat.scientific($0, digits: 4) }),
          "  correct update: "
            + Self.list(step.correct.map { NumberFormat.scientific($0, digits: 4) }),
          "  ratio:          " + Self.list(step.ratios.map { $0.map(Self.ratio) ?? "-" }) + ": "
            + Self.pattern(step),
        ]
      }
    }
    if let step = d.divergedAtStep, let line = d.divergedAtLine {
      lines.append(
        "diverged at step \(step) (line \(line)): a value stopped being finite; read up to there")
    }
    let explanation = d.explanation
    if let first = explanation.first {
      lines.append("verdict: " + first)
      lines += explanation.dropFirst()
    }
    return lines
  }

  private static func list(_ items: [String]) -> String {
    "[" + items.joined(separator: ", ") + "]"
  }

  /// A ratio, as the verdict writes a factor.
  private static func ratio(_ value: Double) -> String { NumberFormat.short(value) }

  private static func pattern(_ step: UnexplainedStep) -> String {
    switch step.pattern {
    case .constant(let factor): "a constant \(ratio(factor)), \(step.meaning)"
    default: step.meaning
    }
  }

  // MARK: - For scripts

  /// The same verdict as one JSON object.
  public var json: String {
    let d = diagnosis
    let findings = d.findings.map { finding in
      JSONValue.object([
        ("bug", .string(finding.bug.rawValue)),
        ("groups", .array(finding.groups.map { .string($0.rawValue) })),
        ("scale", finding.scale.map(JSONValue.number) ?? .null),
        ("computes", .string(finding.advice.computes)),
        ("fix", .string(finding.advice.fix)),
        ("effect", .string(finding.advice.effect)),
        ("consequence", .string(finding.advice.consequence.rawValue)),
      ])
    }
    return JSONValue.object([
      ("file", .string(file)),
      ("steps", .int(d.steps)),
      ("hidden", .int(d.hidden)),
      ("biases", .bool(d.hasBiases)),
      ("activation", .string(d.activation.rawValue)),
      ("batch", .int(d.batch)),
      ("eta", .number(d.eta)),
      ("tolerance", .number(d.tolerance)),
      ("divergedAtStep", d.divergedAtStep.map(JSONValue.int) ?? .null),
      ("groups", .array(d.groups.map(Self.group))),
      ("rule", d.rule.map { .string($0.rawValue) } ?? .null),
      ("rules", .array(d.rules.map { .string($0.rawValue) })),
      ("bugs", .array(d.bugs.map { .string($0.rawValue) })),
      ("findings", .array(findings)),
      ("followsCorrectGradient", .bool(d.verdict.followsCorrectGradient)),
      ("verdict", .string(d.explanation.first ?? "")),
    ]).text
  }

  private static func group(_ group: GroupDiagnosis) -> JSONValue {
    var matches: [(String, JSONValue)] = []
    for rule in GradientRule.allCases {
      matches.append((rule.rawValue, .int(group.matches[rule] ?? 0)))
    }
    var unexplained = JSONValue.null
    if let step = group.firstUnexplained {
      var factor = JSONValue.null
      if case .constant(let value) = step.pattern { factor = .number(value) }
      unexplained = .object([
        ("step", .int(step.step)),
        ("line", .int(step.line)),
        ("traced", .numbers(step.traced)),
        ("correct", .numbers(step.correct)),
        ("ratio", .array(step.ratios.map { JSONValue.number($0) })),
        ("constantRatio", factor),
        ("meaning", .string(step.meaning)),
      ])
    }
    return .object([
      ("group", .string(group.group.rawValue)),
      ("explained", .bool(group.isExplained)),
      ("inconclusive", .bool(group.isInconclusive)),
      ("rules", .array(group.explainingRules.map { .string($0.rawValue) })),
      ("bugs", .array(group.bugs.map { .string($0.rawValue) })),
      ("scale", group.explanation?.scale.map(JSONValue.number) ?? .null),
      ("update", group.explanation.map { .string($0.update) } ?? .null),
      (
        "alternatives",
        .array(
          group.alternatives.map { alternative in
            .array(alternative.bugs.map { .string($0.rawValue) })
          })
      ),
      ("matches", .object(matches)),
      ("summary", .string(group.summary)),
      ("firstUnexplained", unexplained),
    ])
  }
}
