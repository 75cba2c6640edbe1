import ArgumentParser
import Foundation
import SessionScopeCore
import SessionScopeScenario

/// Reads and parses scenario files, and finds the bundled walkthroughs by name.
enum ScenarioFiles {
    /// Parses a file, or a bundled walkthrough named like `16-jwt`, `jwt`, `16` or a unique
    /// part of its name; a read failure is reported like a parse error at 1:1.
    /// `overrides` are the command line's forced `cluster` settings; `--store` is checked against
    /// each `cluster` line (a Redis-only key under a forced other store is an error at the key).
    static func load(_ path: String, overrides: [(String, String)] = []) throws(Diagnostic) -> Scenario {
        let resolved = try resolve(path)
        func failure(_ message: String) -> Diagnostic {
            Diagnostic(file: path, location: SourceLocation(line: 1, column: 1), message: message)
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue {
            throw failure("is a directory, not a scenario file (give the *.scn files in it)")
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw failure(
                exists
                    ? "cannot be read" : "no such file (and no bundled walkthrough of that name: see sessionscope list)"
            )
        }
        return try Parser.parse(
            file: resolved == path ? path : displayPath(resolved), bytes: Array(data),
            overrides: overrides.filter { $0.0 == "store" })
    }

    /// A path as given when it exists (or names a folder); otherwise the bundled walkthrough
    /// it names: by its whole name, its number (`16`), its name without the number (`jwt`),
    /// or a part of its name that no other walkthrough has (`sticky`). A part that several
    /// have is an error that lists them.
    static func resolve(_ path: String) throws(Diagnostic) -> String {
        if FileManager.default.fileExists(atPath: path) || path.contains("/") { return path }
        let stem = (path.hasSuffix(".scn") ? String(path.dropLast(4)) : path).lowercased()
        guard !stem.isEmpty else { return path }
        let files = bundled()
        let names = files.map { $0.deletingPathExtension().lastPathComponent.lowercased() }
        func number(_ name: String) -> Int? { name.split(separator: "-", maxSplits: 1).first.flatMap { Int($0) } }
        func title(_ name: String) -> String { String(name.split(separator: "-", maxSplits: 1).last ?? "") }
        let exact = names.indices.filter { names[$0] == stem || title(names[$0]) == stem }
        let numbered = Int(stem).map { n in names.indices.filter { number(names[$0]) == n } } ?? []
        let partial = names.indices.filter { names[$0].contains(stem) }
        for candidates in [exact, numbered, partial] where !candidates.isEmpty {
            guard candidates.count == 1 else {
                let list = candidates.map { names[$0] }.joined(separator: ", ")
                throw Diagnostic(
                    file: path, location: SourceLocation(line: 1, column: 1),
                    message: "'\(path)' matches several bundled walkthroughs: \(list); give more of the name")
            }
            return files[candidates[0]].path
        }
        return path
    }

    /// The languages of a scenario's narration (`say xx`), sorted.
    static func languages(of scenario: Scenario) -> [String] {
        var found: Set<String> = []
        for statement in scenario.statements {
            if case .say(let language?, _) = statement.kind { found.insert(language) }
        }
        return found.sorted()
    }

    /// Checks `--lang`: a two-letter code.
    static func checkLanguageCode(_ language: String) throws {
        guard language.count == 2, language.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) }) else {
            throw ValidationError("--lang: '\(language)' is not a two-letter language code such as en or ko")
        }
    }

    /// What to say when a scenario has no narration in `language`, or nil when it has some.
    static func languageWarning(_ language: String, for scenario: Scenario) -> String? {
        let languages = languages(of: scenario)
        guard language != "en", !languages.contains(language) else { return nil }
        let has =
            languages.isEmpty
            ? "has no narration marked with a language" : "has narration in \(languages.joined(separator: ", "))"
        return "there is no '\(language)' narration: \(scenario.file) \(has); showing English where there is a choice"
    }

    /// What to say when no bundled walkthrough has narration in `language` (the interactive
    /// UI's narration is what the user types, so only the walkthroughs can tell).
    static func interactiveLanguageWarning(_ language: String) -> String? {
        guard language != "en" else { return nil }
        var languages: Set<String> = []
        for url in bundled() {
            if let scenario = try? load(url.path) { languages.formUnion(self.languages(of: scenario)) }
        }
        guard !languages.contains(language) else { return nil }
        return
            "there is no '\(language)' narration in the walkthroughs (they have "
            + "\(languages.sorted().joined(separator: ", "))); "
            + "only say \(language) lines you type will show"
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
