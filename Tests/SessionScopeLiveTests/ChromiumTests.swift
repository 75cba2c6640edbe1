import Foundation
import Testing

/// A real browser: headless Chromium through WebDriver (Python selenium) logs in through
/// the HTML form, survives a crash of its server with `replicated`, and is `client-1`.
@Suite struct ChromiumTests {
    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/login_journey.py")
            .path
    }

    @Test func formLoginSurvivesAServerCrashWithReplicated() throws {
        for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
            try #require(
                FileManager.default.isExecutableFile(atPath: tool), "\(tool) is missing: run scripts/install-deps")
        }
        let live = try LiveProcess(["--servers", "2", "--store", "replicated"])
        let browser = Process()
        // The python3 on PATH: the one `pip install selenium` installed into.
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = ["python3", Self.script, live.url]
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = live.temporaryDirectory.path
        browser.environment = environment
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        browser.standardInput = input
        browser.standardOutput = output
        browser.standardError = errors
        try browser.run()
        defer {
            if browser.isRunning { browser.terminate() }
        }
        let reader = LineReader(output.fileHandleForReading)
        guard let first = reader.next() else {
            let why = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            Issue.record("the browser script ended early: \(why)")
            return
        }
        #expect(first.hasPrefix("logged-in user=alice server=server-"))
        let server = String(first.split(separator: "server=").last ?? "")
        try live.run("\(server) kill")
        input.fileHandleForWriting.write(Data("go\n".utf8))
        let after = try #require(reader.next())
        let other = server == "server-1" ? "server-2" : "server-1"
        #expect(after == "after user=alice server=\(other)")
        browser.waitUntilExit()
        #expect(browser.terminationStatus == 0)
        let transcript = live.stdout
        #expect(transcript.contains("client-1 127.0.0.1:"))
        #expect(!transcript.contains("client-2"), "one browser is one client; no favicon requests")
        #expect(!transcript.contains("anonymous"))
        #expect(!transcript.contains("favicon"))
        #expect(live.stop() == 0)
    }
}

/// Reads lines from a pipe, one at a time.
final class LineReader {
    private let handle: FileHandle
    private var buffer = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer = Data(buffer[(newline + 1)...])
                return line
            }
            let data = handle.availableData
            if data.isEmpty { return nil }
            buffer += data
        }
    }
}
