import Foundation
import Testing

/// The project's own reference (README.md and docs/*.md): every relative link leads to a file
/// that exists, every `#anchor` to a heading, and nothing points outside the project.
enum Documentation {
    /// The package root: three levels above this file (Tests/SessionScopeCLITests/...).
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// The four references that docs/ must hold.
    static let references = ["scenario-language.md", "command-line.md", "live-mode.md", "attach.md"]

    /// README.md and every Markdown file in docs/, as URLs.
    static func files() throws -> [URL] {
        let docs = root.appendingPathComponent("docs")
        let names = try FileManager.default.contentsOfDirectory(atPath: docs.path)
        return [root.appendingPathComponent("README.md")]
            + names.filter { $0.hasSuffix(".md") }.sorted().map { docs.appendingPathComponent($0) }
    }

    static func text(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// A file's path relative to the root, for messages.
    static func relative(_ url: URL) -> String {
        String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
    }

    /// The lines outside fenced code blocks, with their 1-based numbers.
    static func proseLines(_ text: String) -> [(number: Int, text: String)] {
        var result: [(Int, String)] = []
        var inFence = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                inFence.toggle()
                continue
            }
            if !inFence { result.append((index + 1, String(line))) }
        }
        return result
    }

    /// Removes inline code spans (`...`): brackets inside them are not links.
    static func withoutCodeSpans(_ line: String) -> String {
        var out = ""
        var inCode = false
        for character in line {
            if character == "`" {
                inCode.toggle()
            } else if !inCode {
                out.append(character)
            }
        }
        return out
    }

    /// The targets of the Markdown links `[text](target)` and images in a file, with line numbers.
    static func links(in text: String) throws -> [(line: Int, target: String)] {
        let pattern = try Regex(#"\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)"#)
        var result: [(Int, String)] = []
        for (number, line) in proseLines(text) {
            let prose = withoutCodeSpans(line)
            for match in prose.matches(of: pattern) {
                if let target = match.output[1].substring { result.append((number, String(target))) }
            }
        }
        return result
    }

    /// Whether a target leaves the repository (a web address, mail).
    static func isExternal(_ target: String) -> Bool {
        let lower = target.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:")
    }

    /// The anchors GitHub gives a file's headings: lower case, punctuation other than `-` and
    /// `_` dropped, spaces turned into `-`; a repeated slug gets `-1`, `-2`, ...
    static func anchors(in text: String) -> Set<String> {
        var seen: [String: Int] = [:]
        var result: Set<String> = []
        for (_, line) in proseLines(text) {
            guard line.hasPrefix("#") else { continue }
            let title = line.drop { $0 == "#" }
            guard title.first == " " else { continue }
            let base = slug(String(title).trimmingCharacters(in: .whitespaces))
            let count = seen[base, default: 0]
            seen[base] = count + 1
            result.insert(count == 0 ? base : "\(base)-\(count)")
        }
        return result
    }

    static func slug(_ heading: String) -> String {
        var out = ""
        for character in heading.lowercased() {
            if character == " " {
                out.append("-")
            } else if character.isLetter || character.isNumber || character == "-" || character == "_" {
                out.append(character)
            }
        }
        return out
    }
}

@Test func theFourReferencesAreInDocsAndIndexed() throws {
    let docs = Documentation.root.appendingPathComponent("docs")
    let index = try Documentation.text(docs.appendingPathComponent("README.md"))
    let readme = try Documentation.text(Documentation.root.appendingPathComponent("README.md"))
    for name in Documentation.references {
        #expect(
            FileManager.default.fileExists(atPath: docs.appendingPathComponent(name).path), "docs/\(name) is missing")
        #expect(index.contains("(\(name))"), "docs/README.md does not link \(name)")
        #expect(readme.contains("(docs/\(name))"), "README.md does not link docs/\(name)")
    }
}

@Test func everyRelativeLinkLeadsToAFileAndHeading() throws {
    var checked = 0
    for file in try Documentation.files() {
        let directory = file.deletingLastPathComponent()
        for (line, target) in try Documentation.links(in: try Documentation.text(file)) {
            guard !Documentation.isExternal(target) else { continue }
            let place = "\(Documentation.relative(file)):\(line): link '\(target)'"
            let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let path = String(parts[0])
            let anchor = parts.count > 1 ? String(parts[1]) : ""
            let destination = path.isEmpty ? file : directory.appendingPathComponent(path).standardizedFileURL
            checked += 1
            #expect(!path.hasPrefix("/"), "\(place) is absolute; links in the project are relative")
            guard FileManager.default.fileExists(atPath: destination.path) else {
                Issue.record("\(place): no such file \(destination.path)")
                continue
            }
            #expect(
                destination.path.hasPrefix(Documentation.root.standardizedFileURL.path + "/"),
                "\(place) leaves the project")
            if !anchor.isEmpty && destination.pathExtension == "md" {
                let anchors = Documentation.anchors(in: try Documentation.text(destination))
                let found = anchors.contains(anchor)
                #expect(found, "\(place): no heading with the anchor #\(anchor)")
            }
        }
    }
    #expect(checked > 20, "expected the reference to hold links; found \(checked)")
}

@Test func nothingPointsOutsideTheProject() throws {
    for file in try Documentation.files() {
        let text = try Documentation.text(file)
        for forbidden in ["../shared", "/work/shared"] {
            let mentions = text.contains(forbidden)
            #expect(!mentions, "\(Documentation.relative(file)) mentions \(forbidden)")
        }
    }
}

@Test func headingSlugsAndLinksAreReadAsGitHubDoes() throws {
    #expect(Documentation.slug("Version 1.1 additions") == "version-11-additions")
    #expect(Documentation.slug("`cluster` settings and their defaults") == "cluster-settings-and-their-defaults")
    #expect(Documentation.anchors(in: "# A\n## A\n```\n# not a heading\n```\n") == ["a", "a-1"])
    #expect(try Documentation.links(in: "see [x](a.md#b), `[y](no.md)`").map(\.target) == ["a.md#b"])
}
