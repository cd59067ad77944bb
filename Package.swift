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
    .systemLibrary(name: "CSystem", path: "Modules/CSystem"),
    .target(name: "SineNet", dependencies: ["CSystem"]),
    .target(name: "SineFormats", dependencies: ["SineNet", "CSystem"]),
    .target(name: "SineDiagnosis", dependencies: ["SineNet", "SineFormats"]),
    .target(name: "SineUI", dependencies: ["SineNet", "SineFormats", "CSystem"]),
    .executableTarget(
      name: "sinetui",
      dependencies: [
        "SineNet",
        "SineFormats",
        "SineDiagnosis",
        "SineUI",
        "CNcurses",
        "CSystem",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "SineNetTests", dependencies: ["SineNet"]),
    .testTarget(name: "SineFormatsTests", dependencies: ["SineFormats", "SineNet"]),
    .testTarget(
      name: "SineDiagnosisTests", dependencies: ["SineDiagnosis", "SineFormats", "SineNet"]),
    .testTarget(name: "SineUITests", dependencies: ["SineUI", "SineFormats", "SineNet"]),
    .testTarget(name: "SinetuiTests", dependencies: ["sinetui", "SineNet", "SineUI"]),
  ],
  swiftLanguageModes: [.v6]
)
