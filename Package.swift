// swift-tools-version: 6.0

import PackageDescription

let package = Package(
  name: "sinetui",
  products: [
    .executable(name: "sinetui", targets: ["sinetui"]),
    .library(name: "SineNet", targets: ["SineNet"]),
    .library(name: "SineUI", targets: ["SineUI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(
      name: "CNcurses",
      path: "Modules/CNcurses",
      providers: [.apt(["libncurses-dev"])]
    ),
    .target(name: "SineNet"),
    .target(name: "SineUI", dependencies: ["SineNet"]),
    .executableTarget(
      name: "sinetui",
      dependencies: [
        "SineNet",
        "SineUI",
        "CNcurses",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "SineNetTests", dependencies: ["SineNet"]),
    .testTarget(name: "SineUITests", dependencies: ["SineUI", "SineNet"]),
    .testTarget(name: "SinetuiTests", dependencies: ["sinetui", "SineNet", "SineUI"]),
  ],
  swiftLanguageModes: [.v6]
)
