import Foundation
import SessionScopeCore
import SessionScopeScenario

/// Reads and parses scenario files, and finds the bundled walkthroughs by name.
enum ScenarioFiles {
    /// Parses a file, or a bundled walkthrough named like `16-jwt` or `jwt`; a read failure
    /// is reported like a parse error at 1:1.
    static func load(_ path: String) throws(Diagnostic) -> Scenario {
        let resolved = resolve(path)
        guard let data = FileManager.default.contents(atPath: resolved) else {
            let why =
                FileManager.default.fileExists(atPath: resolved)
                ? "cannot be read"
                : "no such file (and no bundled walkthrough of that name: see sessionscope list)"
            throw Diagnostic(file: path, location: SourceLocation(line: 1, column: 1), message: why)
        }
        return try Parser.parse(file: resolved == path ? path : displayPath(resolved), bytes: Array(data))
    }

    /// A path as given when it exists; otherwise a bundled walkthrough of that name.
    static func resolve(_ path: String) -> String {
        if FileManager.default.fileExists(atPath: path) || path.contains("/") { return path }
        let stem = path.hasSuffix(".scn") ? String(path.dropLast(4)) : path
        for url in bundled() {
            let name = url.deletingPathExtension().lastPathComponent
            if name == stem || name.split(separator: "-", maxSplits: 1).last.map(String.init) == stem {
                return url.path
            }
        }
        return path
    }

    /// The bundled walkthroughs, in order.
    static func bundled() -> [URL] {
        guard let directory = bundledDirectory() else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".scn") }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// `$SESSIONSCOPE_SCENARIOS`, else the nearest `Scenarios/` above the executable (it lives
    /// in the checkout's `.build`), else `./Scenarios`.
    static func bundledDirectory() -> URL? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["SESSIONSCOPE_SCENARIOS"] { return URL(fileURLWithPath: env) }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        if let executable = Bundle.main.executableURL {
            dir = executable.resolvingSymlinksInPath().deletingLastPathComponent()
        }
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent("Scenarios")
            if fm.fileExists(atPath: candidate.appendingPathComponent("01-first-visit.scn").path) { return candidate }
            dir.deleteLastPathComponent()
        }
        let local = URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("Scenarios")
        return fm.fileExists(atPath: local.path) ? local : nil
    }

    /// A bundled file shown relative to the checkout (`Scenarios/16-jwt.scn`).
    static func displayPath(_ path: String) -> String {
        let parts = path.split(separator: "/")
        return parts.count >= 2 ? parts.suffix(2).joined(separator: "/") : path
    }
}
