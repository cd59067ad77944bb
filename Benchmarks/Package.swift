// swift-tools-version: 6.1

// The benchmarks live in a package of their own so that `swift run sinetui` and `swift test` in the
// main package never resolve or build the benchmark tooling.
import PackageDescription

let package = Package(
  name: "sinetui-benchmarks",
  dependencies: [
    .package(name: "sinetui", path: ".."),
    .package(
      url: "https://github.com/ordo-one/benchmark.git", from: "1.38.0",
      traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "TrainingSpeed",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "SineNet", package: "sinetui"),
        .product(name: "SineUI", package: "sinetui"),
      ],
      path: "Benchmarks/TrainingSpeed",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    .executableTarget(
      name: "DiagnoseSpeed",
      dependencies: [
        "DiagnoseBaseline",
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "SineNet", package: "sinetui"),
        .product(name: "SineFormats", package: "sinetui"),
        .product(name: "SineDiagnosis", package: "sinetui"),
      ],
      path: "Benchmarks/DiagnoseSpeed",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    ),
    // The trace reader and diagnoser as they were before the faster reader, to measure beside it.
    .target(
      name: "DiagnoseBaseline",
      dependencies: [.product(name: "SineNet", package: "sinetui")],
      path: "Benchmarks/DiagnoseBaseline"
    ),
  ]
)
