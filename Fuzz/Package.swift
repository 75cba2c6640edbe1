// swift-tools-version:6.1
// libFuzzer targets, kept out of the main package so `swift build` never needs the
// fuzzer runtime. Built and run by scripts/fuzz (swift build --sanitize=fuzzer).
import Foundation
import PackageDescription

// A path dependency is named after its folder, which differs between checkouts.
let parent = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "sessionscope-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(name: "FuzzSetCookie", dependencies: [.product(name: "SessionScopeKit", package: parent)]),
        .executableTarget(name: "FuzzCookieDate", dependencies: [.product(name: "SessionScopeKit", package: parent)]),
        .executableTarget(name: "FuzzScenario", dependencies: [.product(name: "SessionScopeKit", package: parent)]),
        .executableTarget(name: "FuzzHTTP1", dependencies: [.product(name: "SessionScopeKit", package: parent)]),
    ],
    swiftLanguageModes: [.v6]
)
