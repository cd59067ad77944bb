// swift-tools-version: 6.0

import PackageDescription

let package = Package(
  name: "sinetui",
  products: [
    .executable(name: "sinetui", targets: ["sinetui"]),
    .library(name: "SineNet", targets: ["SineNet"]),
    .library(name: "SineFormats", targets: ["SineFormats"]),
    .library(name: "SineDiagnosis", targets: ["SineDiagnosis"]),
    .library(name: "SineUI", targets: ["SineUI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(
      name: "CNcurses",
      path: "Modules/CNcurses",
      providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]
    ),
    .systemLibrary(name: "CPlatform", path: "Modules/CPlatform"),
    // The handler that puts the terminal back when a fault ends the process: it runs inside a
    // signal handler, so it is C, with state of its own.
    .target(name: "CTerminalRescue", path: "Modules/CTerminalRescue"),
    .target(name: "SineNet", dependencies: ["CPlatform"]),
    .target(name: "SineFormats", dependencies: ["SineNet", "CPlatform"]),
    .target(name: "SineDiagnosis", dependencies: ["SineNet", "SineFormats", "CPlatform"]),
    .target(name: "SineUI", dependencies: ["SineNet", "SineFormats", "CPlatform"]),
    .executableTarget(
      name: "sinetui",
      dependencies: [
        "SineNet",
        "SineFormats",
        "SineDiagnosis",
        "SineUI",
        "CNcurses",
        "CPlatform",
        "CTerminalRescue",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // For `swift build -c release --static-swift-stdlib`: C++'s runtime and the unwinder from
      // their static archives too, so that the binary needs only the C library and ncurses (see
      // Modules/StaticLink). A dynamic build links neither, and is unchanged.
      linkerSettings: [
        .unsafeFlags(
          ["-L", Context.packageDirectory + "/Modules/StaticLink"], .when(platforms: [.linux]))
      ]
    ),
    .testTarget(name: "SineNetTests", dependencies: ["SineNet"]),
    .testTarget(name: "SineFormatsTests", dependencies: ["SineFormats", "SineNet", "CPlatform"]),
    .testTarget(
      name: "SineDiagnosisTests", dependencies: ["SineDiagnosis", "SineFormats", "SineNet"]),
    .testTarget(name: "SineUITests", dependencies: ["SineUI", "SineFormats", "SineNet"]),
    // Helpers for the tests of the built binary: running it, and driving it in tmux.
    .target(
      name: "TestSupport", dependencies: ["CPlatform", "SineNet"], path: "Tests/TestSupport"),
    // The built binary as a black box: its commands, output, files and exit statuses.
    .testTarget(
      name: "SinetuiTests", dependencies: ["TestSupport", "SineNet", "SineFormats", "SineUI"]),
    // The slow part of the suite, which `swift test --skip SinetuiSlowTests` leaves out: the live
    // view in a real terminal through tmux (keys, resizes, signals, fuzzing, replays), and the
    // tables that run the binary or Python hundreds of times (every bad value of every option,
    // the independent reference's traces, the bug catalog, the NumPy and PyTorch examples).
    .testTarget(
      name: "SinetuiSlowTests",
      dependencies: ["TestSupport", "SineNet", "SineFormats", "SineUI", "CPlatform"]),
  ],
  swiftLanguageModes: [.v6]
)
