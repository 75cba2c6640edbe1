// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "sessionscope",
    // Linux only, which is what it is built and tested on: the code uses Glibc, Linux's
    // /proc and PR_SET_PDEATHSIG (through setpriv), ncursesw and hiredis from Debian. No
    // `platforms:` entry claims an Apple platform it was never built on.
    products: [
        .executable(name: "sessionscope", targets: ["sessionscope"]),
        // The parsing code, for the fuzz targets in Fuzz/.
        .library(
            name: "SessionScopeKit", targets: ["SessionScopeCore", "SessionScopeScenario", "SessionScopeHTTP1"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "4.1.0"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
    ],
    targets: [
        // The pure model: no I/O, no wall clock, no global randomness.
        .target(
            name: "SessionScopeCore",
            dependencies: [
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The scenario language: lexer, parser, static checks, runner, transcript.
        .target(
            name: "SessionScopeScenario",
            dependencies: ["SessionScopeCore"]
        ),
        // hiredis, wrapped once: only RedisConnection imports it.
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        // The real shared stores: SQLite through GRDB, Redis through hiredis.
        .target(
            name: "SessionScopeStores",
            dependencies: [
                "SessionScopeCore",
                "CHiredis",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // The terminal UI as pure code: model, update, view, key map, headless terminal.
        .target(
            name: "SessionScopeUI",
            dependencies: ["SessionScopeCore", "SessionScopeScenario"]
        ),
        // ncursesw, wrapped once: only CursesTerminal imports it.
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(
            name: "SessionScopeCurses",
            dependencies: ["SessionScopeUI", "CNcurses"]
        ),
        // HTTP/1.1 on the wire, as pure code: the message reader (framing, limits) live mode's
        // listeners and clients use; no I/O, so it is tested and fuzzed without sockets.
        .target(name: "SessionScopeHTTP1"),
        // Live mode: the balancer and the app servers as real HTTP/1.1 listeners (SwiftNIO channels,
        // HTTP/1.1 of our own: SessionScopeHTTP1).
        .target(
            name: "SessionScopeLive",
            dependencies: [
                "SessionScopeCore", "SessionScopeScenario", "SessionScopeStores", "SessionScopeHTTP1",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                // `--tls`: the balancer over HTTPS, and the built-in browsers' side of it.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // zlib, wrapped once: only SessionScopeAttach's Inflate imports it (Django's payloads).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // attach: read-only readers and decoders for other applications' session stores, and its view.
        .target(
            name: "SessionScopeAttach",
            dependencies: [
                "SessionScopeCore", "SessionScopeStores", "SessionScopeScenario", "SessionScopeUI", "CZlib",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // glibc's malloc statistics, for the memory benchmarks.
        .systemLibrary(name: "CMalloc"),
        .executableTarget(
            name: "sessionscope",
            dependencies: [
                "SessionScopeCore",
                "SessionScopeScenario",
                "SessionScopeStores",
                "SessionScopeUI",
                "SessionScopeCurses",
                "SessionScopeLive",
                "SessionScopeAttach",
                "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the test targets that run real programs share (spawning, the built binary).
        .target(name: "SessionScopeTestSupport", path: "Tests/SessionScopeTestSupport"),
        .testTarget(
            name: "SessionScopeCoreTests",
            dependencies: ["SessionScopeCore", .product(name: "JWTKit", package: "jwt-kit")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "SessionScopeHTTP1Tests", dependencies: ["SessionScopeHTTP1"]),
        .testTarget(
            name: "SessionScopeScenarioTests",
            dependencies: ["SessionScopeScenario", "SessionScopeCore", "SessionScopeStores"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SessionScopeStoresTests",
            dependencies: [
                "SessionScopeStores", "SessionScopeScenario", "SessionScopeCore", "SessionScopeTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "SessionScopeUITests",
            dependencies: ["SessionScopeUI", "SessionScopeScenario", "SessionScopeCore", "SessionScopeStores"],
            resources: [.copy("Golden")]
        ),
        // Runs the real binary in live mode against curl, wrk and Chromium.
        .testTarget(
            name: "SessionScopeLiveTests",
            dependencies: ["sessionscope", "SessionScopeLive", "SessionScopeCore", "SessionScopeTestSupport"],
            // The WebDriver script is run from the source tree by ChromiumTests.
            exclude: ["Browser"]
        ),
        .testTarget(
            name: "SessionScopeAttachTests",
            dependencies: [
                "SessionScopeAttach", "SessionScopeStores", "SessionScopeUI", "SessionScopeCore",
                "SessionScopeTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            resources: [.copy("Fixtures")]
        ),
        // Runs the real binary: exit codes, standard output and error.
        .testTarget(
            name: "SessionScopeCLITests",
            dependencies: ["sessionscope", "SessionScopeTestSupport"],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
