import Foundation
import TestSupport
import Testing

@Suite("sinetui diagnose on bad traces")
struct DiagnoseBadTraceTests {
  static let header = #"{"eta":0.1,"w1":[0.5,-0.25],"w2":[0.75,0.125],"b1":null,"b2":null}"#
  static let step = #"{"x":1,"y":0.5,"w1":[0.5,-0.25],"w2":[0.75,0.125],"b1":null,"b2":null}"#

  @Test(
    "A bad trace gets one line naming the file, the line and the problem, and its exit status",
    arguments: [
      ("missing", 66, "no such file"),
      ("folder", 66, "it is not a regular file"),
      ("empty", 65, "it is empty"),
      ("header only", 65, "it holds no step after line 1"),
      ("not JSON Lines", 65, "line 1: it is not JSON Lines: the line is not a JSON object"),
      (
        "cut short", 65,
        "line 3: it is not JSON Lines: expected a key in double quotes at column 10"
      ),
      (
        "two objects", 65,
        "line 2: it is not JSON Lines: expected the end of the line after the object at column 71"
      ),
      ("no eta", 65, "line 1: the key 'eta' is missing"),
      ("no x", 65, "line 3: the key 'x' is missing"),
      ("no w2", 65, "line 2: the key 'w2' is missing"),
      ("eta a string", 65, "line 1: eta is a string, not a number"),
      ("eta hex", 65, "line 1: the value of 'eta' is '0x10', not a number"),
      (
        "nested", 65,
        "line 1: the value of 'w1' is an object; a trace holds numbers, arrays and null"
      ),
      (
        "header arrays differ", 65,
        "line 1: the arrays have different lengths: w1 holds 2 numbers, w2 1"
      ),
      (
        "step arrays differ", 65,
        "line 3: the arrays have different lengths: w1 holds 3 numbers, line 1 2"
      ),
      ("b1 without b2", 65, "line 1: b1 and b2 must both be numbers or both be null"),
      ("hidden wrong", 65, "line 1: hidden does not match w1, which holds 2 numbers"),
      ("NaN initial", 65, "line 1: an initial parameter is not a finite number"),
      ("null initial", 65, "line 1: an initial parameter is not a finite number"),
      ("overflowing initial", 65, "line 1: an initial parameter is not a finite number"),
      ("eta zero", 65, "line 1: eta is 0.0; it must be a finite number greater than 0"),
      ("x infinite", 65, "line 2: the sample (x, y) is not a pair of finite numbers"),
      ("65 hidden", 65, "line 1: w1 holds 65 numbers; a network has 1...64 hidden units"),
      ("line too long", 65, "line 2: the line is longer than 1 MiB"),
      ("too large", 65, "it is larger than 1 GiB"),
      (
        "long token", 65,
        "line 1: the value of 'eta' is '\(String(repeating: "x", count: 40))…', not a number"
      ),
      (
        "escapes in a key", 65,
        #"line 1: it is not JSON Lines: expected ':' after the key '\x1B[2J\x07' at column 10"#
      ),
      ("deep nesting", 65, "line 1: the value of 'config' nests deeper than 32 levels"),
      ("bad skipped value", 65, "line 2: the value of 'meta' holds '0x10', not JSON"),
      ("adam", 65, "line 1: optimizer is adam; diagnose follows plain gradient descent (sgd) only"),
      (
        "momentum", 65,
        "line 1: optimizer is momentum; diagnose follows plain gradient descent (sgd) only"
      ),
      (
        "batch 4", 65,
        "line 2: x is a number, and line 1's batch is 4; a step's x and y are arrays of 4 numbers"
      ),
      (
        "unknown optimizer", 65, "line 1: optimizer is 'rmsprop'; it must be sgd, momentum or adam"
      ),
      (
        "unknown target", 65,
        "line 1: target is 'cos'; it must be sin, square, kink, bump or sawtooth"
      ),
      ("batch not whole", 65, "line 1: batch is 0.5; it must be a whole number in 1...65536"),
    ] as [(String, Int32, String)])
  func badTrace(kind: String, status: Int32, problem: String) throws {
    try withTemporaryFolder { folder in
      let file = folder.appendingPathComponent("t.jsonl")
      func write(_ lines: [String]) throws {
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: file)
      }
      let header = Self.header
      let step = Self.step
      switch kind {
      case "missing": break
      case "folder":
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
      case "empty": try write([])
      case "header only": try write([header])
      case "not JSON Lines": try write(["step 5, eta 0.01", step])
      case "cut short": try write([header, step, #"{"x": 1, "#])
      case "two objects": try write([header, step + step])
      case "no eta": try write([header.replacingOccurrences(of: #""eta":0.1,"#, with: ""), step])
      case "no x": try write([header, step, step.replacingOccurrences(of: #""x":1,"#, with: "")])
      case "no w2":
        try write([header, step.replacingOccurrences(of: #""w2":[0.75,0.125],"#, with: "")])
      case "eta a string":
        try write([header.replacingOccurrences(of: #""eta":0.1"#, with: #""eta":"0.1""#), step])
      case "eta hex":
        try write([header.replacingOccurrences(of: #""eta":0.1"#, with: #""eta":0x10"#), step])
      case "nested":
        try write([header.replacingOccurrences(of: "[0.5,-0.25]", with: #"{"a":1}"#), step])
      case "header arrays differ":
        try write([header.replacingOccurrences(of: "[0.75,0.125]", with: "[0.75]"), step])
      case "step arrays differ":
        try write([
          header, step, step.replacingOccurrences(of: "[0.5,-0.25]", with: "[0.5,-0.25,1]"),
        ])
      case "b1 without b2":
        try write([header.replacingOccurrences(of: #""b1":null"#, with: #""b1":[0,0]"#), step])
      case "hidden wrong": try write([#"{"hidden":10,"# + header.dropFirst(), step])
      case "NaN initial": try write([header.replacingOccurrences(of: "-0.25", with: "NaN"), step])
      case "null initial":
        try write([header.replacingOccurrences(of: "-0.25", with: "null"), step])
      case "overflowing initial":
        try write([header.replacingOccurrences(of: "-0.25", with: "-1e999"), step])
      case "eta zero":
        try write([header.replacingOccurrences(of: #""eta":0.1"#, with: #""eta":0"#), step])
      case "x infinite":
        try write([header, step.replacingOccurrences(of: #""x":1"#, with: #""x":Infinity"#)])
      case "65 hidden":
        let w = "[" + Array(repeating: "0.5", count: 65).joined(separator: ",") + "]"
        try write([#"{"eta":0.1,"w1":\#(w),"w2":\#(w)}"#, step])
      case "line too long":
        try write([header, #"{"pad":""# + String(repeating: "x", count: 1 << 20) + #"","x":1}"#])
      case "too large":
        try write([header, step])
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: (1 << 30) + 1)  // sparse: no gigabyte is written
        try handle.close()
      case "long token":
        try write([
          header.replacingOccurrences(
            of: #""eta":0.1"#, with: #""eta":"# + String(repeating: "x", count: 5000)), step,
        ])
      case "escapes in a key": try write(["{\"\u{1B}[2J\u{07}\" 1}", step])
      case "deep nesting":
        try write([
          #"{"config":"# + String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
            + "," + header.dropFirst(),
          step,
        ])
      case "bad skipped value":
        try write([header, #"{"meta":{"a":[1,0x10]},"# + step.dropFirst()])
      case "adam": try write([#"{"optimizer":"adam","# + header.dropFirst(), step])
      case "momentum": try write([#"{"optimizer":"momentum","# + header.dropFirst(), step])
      case "batch 4": try write([#"{"batch":4,"# + header.dropFirst(), step])
      case "unknown optimizer": try write([#"{"optimizer":"rmsprop","# + header.dropFirst(), step])
      case "unknown target": try write([#"{"target":"cos","# + header.dropFirst(), step])
      case "batch not whole": try write([#"{"batch":0.5,"# + header.dropFirst(), step])
      default: Issue.record("unknown case \(kind)")
      }
      let result = try BinaryRunner.run(["diagnose", "t.jsonl"], in: folder)
      #expect(result.status == status, "\(kind): \(result.standardError)")
      #expect(result.standardOutput.isEmpty)
      #expect(
        result.standardError == "sinetui: cannot diagnose the trace 't.jsonl': \(problem)\n",
        "\(kind)")
    }
  }

  @Test("Lines split anywhere, blank lines, CRLF and Python's spacing read the same")
  func layouts() throws {
    try withTemporaryFolder { folder in
      let file = folder.appendingPathComponent("t.jsonl")
      let spaced = Self.step.replacingOccurrences(of: ",", with: ", ")
        .replacingOccurrences(of: ":", with: ": ")
      try Data((Self.header + "\r\n\n" + spaced + "\r\n" + Self.step).utf8).write(to: file)
      let result = try BinaryRunner.run(["diagnose", "t.jsonl"], in: folder)
      // The steps leave the parameters unchanged: neither group is updated.
      #expect(result.standardError.isEmpty)
      #expect(
        result.standardOutput.hasPrefix(
          "trace t.jsonl: 2 steps compared, hidden 2 without biases, sigmoid, batch 1, eta 0.1"))
      #expect(result.standardOutput.contains("w1: not-updated, 0, on 2/2 steps\n"))
      #expect(result.standardOutput.contains("w2: not-updated, 0, on 2/2 steps\n"))
      #expect(result.status == 1)
    }
  }

  @Test("Keys the diagnosis does not read are skipped, whatever JSON they hold, and a BOM too")
  func otherKeys() throws {
    try withTemporaryFolder { folder in
      let file = folder.appendingPathComponent("t.jsonl")
      let extra =
        #"{"config":{"lr":0.01,"layers":[1,[2,{"deep":null}]],"name":"a \"b\" {c}"},"#
        + #""tags":["a",true,false,null,-1.5e-3],"ok":true,"rule":"seed","n":-0,"#
        // The settings sinetui follows, stated outright, change nothing; nor does the target.
        + #""activation":"sigmoid","optimizer":"sgd","batch":1,"target":"bump","#
      let plain = Self.header + "\n" + Self.step + "\n"
      let decorated =
        "\u{FEFF}" + extra + Self.header.dropFirst() + "\n" + extra + Self.step.dropFirst() + "\n"
      try Data(plain.utf8).write(to: file)
      let expected = try BinaryRunner.run(["diagnose", "t.jsonl"], in: folder)
      try Data(decorated.utf8).write(to: file)
      let result = try BinaryRunner.run(["diagnose", "t.jsonl"], in: folder)
      #expect(result.standardError.isEmpty)
      #expect(result.status == expected.status)
      #expect(result.standardOutput == expected.standardOutput)
      #expect(result.standardOutput.hasPrefix("trace t.jsonl: 1 steps compared, hidden 2"))
    }
  }
}
