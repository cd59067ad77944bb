import Foundation
import Testing

/// Every option of every command, given every kind of bad value: the table the tests of bad
/// command lines run, in full (`SinetuiSlowTests`) and as a slice (`SinetuiTests`).
public enum BadCommandLines {
  /// One bad command line and what its first line of standard error must say.
  public struct Case: Sendable, CustomTestStringConvertible {
    /// The command line after `sinetui`.
    public var arguments: [String]
    /// The option (or word) the first line of standard error must name.
    public var option: String
    /// What that line must say is accepted.
    public var accepted: String
    /// The command line as a person would type it.
    public var testDescription: String {
      arguments.map { $0.isEmpty ? "''" : $0 }.joined(separator: " ")
    }
  }

  // MARK: - The values each kind of option refuses

  /// Values no number option takes, whatever its range.
  static let notNumbers = ["", "nan", "inf", "-inf", "ten", "0x10", "1,5"]

  static let eta = notNumbers + ["0", "-1", "-0.5", "1000", "1e400", "100.0001"]
  static let steps = notNumbers + ["-1", "1.5", "1e3", "1000000000001", "99999999999999999999"]
  static let hidden = notNumbers + ["0", "-1", "65", "1.5", "99999999999999999999"]
  static let seed = notNumbers + ["-1", "1.5", "18446744073709551616"]
  static let printEvery =
    notNumbers + ["0", "-1", "1.5", "99999999999999999999", "1000000000001", "9223372036854775807"]
  static let traceSteps =
    notNumbers + ["-1", "1.5", "99999999999999999999", "1000000000001", "9223372036854775807"]
  static let names = ["", "0", "-1", "nan", "inf", "BIAS", "pytorch"]
  static let files = ["", "missing-folder/out", "."]
  static let tolerance = notNumbers + ["0", "-1", "1", "2", "1e400", "-1e-9"]
  static let batch = notNumbers + ["0", "-1", "501", "1.5", "99999999999999999999"]

  /// What each option's message says it accepts, for each of its bad values.
  static let options: [(option: String, values: [String], accepted: @Sendable (String) -> String)] =
    [
      ("--eta", eta, { _ in "greater than 0 and at most 100" }),
      ("--steps", steps, { _ in "whole number in 0...1000000000000" }),
      ("--hidden", hidden, { _ in "whole number in 1...64" }),
      ("--seed", seed, { _ in "whole number in 0...18446744073709551615" }),
      ("--print-every", printEvery, { _ in "whole number in 1...1000000000000" }),
      ("--trace-steps", traceSteps, { _ in "whole number in 0...1000000000000" }),
      ("--preset", names, { _ in "'bias', 'numpy' or 'tensorflow'" }),
      ("--gradient", names, { _ in "'correct', 'original', 'sign' or 'double-sigmoid'" }),
      ("--trace", files, fileProblem), ("--loss-csv", files, fileProblem),
      ("--tolerance", tolerance, { _ in "greater than 0 and less than 1" }),
      ("--activation", names, { _ in "'sigmoid', 'tanh' or 'relu'" }),
      ("--optimizer", names, { _ in "'sgd', 'momentum' or 'adam'" }),
      ("--target", names, { _ in "'sin', 'square', 'kink', 'bump' or 'sawtooth'" }),
      ("--batch", batch, { _ in "whole number in 1...500" }),
    ]

  static func fileProblem(_ path: String) -> String {
    switch path {
    case "": "the path is empty"
    case ".": "'.' is a directory"
    default: "the folder 'missing-folder' does not exist"
    }
  }

  // MARK: - The commands and their options

  /// The live view's settings options.
  static let learningOptions: Set<String> = [
    "--eta", "--hidden", "--seed", "--preset", "--gradient", "--activation", "--optimizer",
    "--batch", "--target",
  ]

  /// Each command as it is typed, with the options it has.
  static let commands: [(words: [String], options: Set<String>)] = [
    (
      ["train", "--steps", "10"],
      [
        "--eta", "--steps", "--hidden", "--seed", "--print-every", "--trace-steps", "--preset",
        "--gradient", "--trace", "--loss-csv", "--activation", "--optimizer", "--batch",
        "--target",
      ]
    ),
    ([], learningOptions),
    (["watch"], learningOptions),
    (["check"], ["--hidden", "--seed", "--preset", "--activation"]),
    (["diagnose", "trace.jsonl"], ["--tolerance"]),
  ]

  /// Every bad value of every option of every command, plus what no command takes: unknown
  /// options, stray arguments, a missing value, an empty `--load`, and settings beside `--load`.
  public static let cases: [Case] =
    optionCases + loadCases + traceCases + recordCases + [
      Case(arguments: ["diagnose"], option: "<file>", accepted: "Missing expected argument")
    ]

  static let optionCases: [Case] =
    commands.flatMap { command -> [Case] in
      let anOption = command.options.sorted()[0]
      return
        options.filter { command.options.contains($0.option) }.flatMap { option in
          option.values.map {
            Case(
              arguments: command.words + [option.option, $0], option: option.option,
              accepted: option.accepted($0))
          }
        }
        + [
          Case(
            arguments: command.words + ["--bogus"], option: "--bogus", accepted: "Unknown option"),
          Case(arguments: command.words + ["-x"], option: "-x", accepted: "Unknown option"),
          // A stray word where a command may stand names the commands instead.
          Case(
            arguments: command.words + ["extra"], option: "extra",
            accepted: command.words.isEmpty ? "is not a command" : "Unexpected argument"),
          Case(
            arguments: command.words + [anOption], option: anOption, accepted: "Missing value"),
        ]
    }

  /// The settings a snapshot brings, each refused beside `--load`.
  static let settingsBesideLoad: [[String]] = [
    ["--eta", "0.1"], ["--preset", "numpy"], ["--activation", "tanh"], ["--optimizer", "adam"],
    ["--batch", "8"], ["--target", "bump"],
  ]

  static let loadCases: [Case] =
    [["train", "--steps", "10"], [], ["watch"]].flatMap { (command: [String]) -> [Case] in
      let empty = Case(
        arguments: command + ["--load", ""], option: "--load",
        accepted: "needs a file: the path is empty")
      let besides: [Case] = settingsBesideLoad.map { (setting: [String]) -> Case in
        Case(
          arguments: command + ["--load", "snap.json"] + setting, option: setting[0],
          accepted: "cannot be given with --load")
      }
      return [empty] + besides
    }

  static let traceCases: [Case] =
    [[], ["watch"]].flatMap { command in
      [
        Case(
          arguments: command + ["--load-trace", ""], option: "--load-trace",
          accepted: "needs a file: the path is empty"),
        Case(
          arguments: command + ["--load-trace", "t.jsonl", "--gradient", "original"],
          option: "--gradient", accepted: "cannot be given with --load-trace"),
        Case(
          arguments: command + ["--load-trace", "t.jsonl", "--load", "snap.json"],
          option: "--load-trace", accepted: "cannot be used together"),
      ]
    }

  /// `--record` needs a new file it can write.
  static let recordCases: [Case] =
    [[], ["watch"]].flatMap { command in
      files.map {
        Case(
          arguments: command + ["--record", $0], option: "--record",
          accepted: "needs a new file: " + fileProblem($0))
      }
    }

  /// A slice of ``cases`` for the fast loop: one bad value of each option (from the first
  /// command that has it), the k-th option's k-th value so that the kinds of value vary, and a
  /// few of each other kind: an unknown option, a stray word, a setting beside `--load`, a trace
  /// with a snapshot, and `diagnose` without its file.
  public static let sample: [Case] = {
    var byOption: [(option: String, cases: [Case])] = []
    for bad in optionCases where bad.option.hasPrefix("--") && bad.option != "--bogus" {
      if let index = byOption.firstIndex(where: { $0.option == bad.option }) {
        if bad.arguments.starts(with: byOption[index].cases[0].arguments.dropLast(2)) {
          byOption[index].cases.append(bad)
        }
      } else {
        byOption.append((bad.option, [bad]))
      }
    }
    let values = byOption.enumerated().map { k, option in option.cases[k % option.cases.count] }
    let others = optionCases.filter { !$0.option.hasPrefix("--") || $0.option == "--bogus" }
    return values + others.prefix(2) + [loadCases[1], traceCases[2], cases[cases.count - 1]]
  }()

  /// Runs `bad` and checks what every bad command line must give: exit 64, one line naming the
  /// option and what it accepts (then only ArgumentParser's help and usage), nothing on standard
  /// output and no file written.
  public static func check(_ bad: Case) throws {
    try withTemporaryFolder { folder in
      let result = try BinaryRunner.run(bad.arguments, in: folder)
      #expect(result.status == 64, "\(result.standardError)")
      #expect(result.standardOutput.isEmpty)
      let lines = result.standardError.split(separator: "\n")
      let first = lines.first.map(String.init) ?? ""
      #expect(
        first.hasPrefix("Error: ") || first.hasPrefix("sinetui: '\(bad.option)' is not a command"),
        "\(result.standardError)")
      #expect(first.contains(bad.option), "\(first)")
      #expect(first.contains(bad.accepted), "\(first)")
      // Then only ArgumentParser's help for the option and the usage.
      #expect(
        lines.dropFirst().allSatisfy {
          $0.hasPrefix("Help:  \(bad.option) ") || $0.hasPrefix("Usage: ") || $0.hasPrefix("  See ")
        }, "\(result.standardError)")
      #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
  }
}
