// swift-tools-version:6.1
// libFuzzer targets, kept out of the main package so `swift build` never needs the
// fuzzer runtime. Built and run by scripts/fuzz (swift build --sanitize=fuzzer).
import PackageDescription

let package = Package(
    name: "sessionscope-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "FuzzSetCookie", dependencies: [.product(name: "SessionScopeKit", package: "sessionscope")]),
        .executableTarget(name: "FuzzCookieDate", dependencies: [.product(name: "SessionScopeKit", package: "sessionscope")]),
        .executableTarget(name: "FuzzScenario", dependencies: [.product(name: "SessionScopeKit", package: "sessionscope")]),
    ],
    swiftLanguageModes: [.v6]
)
