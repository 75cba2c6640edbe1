import Foundation
import Testing

/// A `sessionscope live --headless` process for a test: statements in, transcript out,
/// stopped (and checked to be gone) at the end.
final class LiveProcess: @unchecked Sendable {
    let process = Process()
    let input = Pipe()
    private let lock = NSCondition()
    private var stdoutText = ""
    private var stderrText = ""
    private var marker = 0
    /// The balancer's URL, from the first line.
    private(set) var url = ""
    /// `$TMPDIR` of the process: a private directory, checked to be left empty.
    let temporaryDirectory: URL

    /// The `sessionscope` built beside the test bundle (or `SESSIONSCOPE_BIN`).
    static var binary: URL { Binary.url }

    /// `temporaryDirectory`: the `$TMPDIR` to give it (one of an earlier process), else a new one.
    init(
        _ arguments: [String] = [], temporaryDirectory given: URL? = nil, environment extra: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        temporaryDirectory =
            given
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("live-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporaryDirectory, withIntermediateDirectories: true)
        process.executableURL = Self.binary
        // `{tmp}` in an argument stands for the process's private temporary directory.
        let resolved = arguments.map { $0.replacingOccurrences(of: "{tmp}", with: temporaryDirectory.path) }
        process.arguments = ["live", "--headless", "--listen", "127.0.0.1:0", "--seed", "1"] + resolved
        var environment = ProcessInfo.processInfo.environment
        environment["TMPDIR"] = temporaryDirectory.path
        environment.merge(extra) { _, given in given }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.stdoutText += String(decoding: data, as: UTF8.self)
            self.lock.broadcast()
            self.lock.unlock()
        }
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.stderrText += String(decoding: data, as: UTF8.self)
            self.lock.broadcast()
            self.lock.unlock()
        }
        try process.run()
        let first = try waitFor(timeout: 20) { text, _ in text.contains("\n") }
        let line = first.split(separator: "\n").first.map(String.init) ?? ""
        #expect(
            line.hasPrefix("listening on http://127.0.0.1:") || line.hasPrefix("listening on https://127.0.0.1:"),
            "first line: \(line)", sourceLocation: sourceLocation)
        url = String(line.dropFirst("listening on ".count))
    }

    var stdout: String {
        lock.lock()
        defer { lock.unlock() }
        return stdoutText
    }

    var stderr: String {
        lock.lock()
        defer { lock.unlock() }
        return stderrText
    }

    /// Waits until `done(stdout, stderr)` holds; throws after `timeout` seconds.
    @discardableResult
    func waitFor(timeout: TimeInterval = 20, _ done: (String, String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while !done(stdoutText, stderrText) {
            guard lock.wait(until: deadline) else {
                throw LiveTestError("timed out; stdout:\n\(stdoutText)\nstderr:\n\(stderrText)")
            }
        }
        return stdoutText
    }

    /// Sends statements and waits until they ran; returns the transcript they printed.
    @discardableResult
    func run(_ statements: String...) throws -> String {
        marker += 1
        let tag = "done-\(marker)"
        let before = stdout.count
        for statement in statements { input.fileHandleForWriting.write(Data((statement + "\n").utf8)) }
        input.fileHandleForWriting.write(Data("say \(tag)\n".utf8))
        let text = try waitFor { out, _ in out.contains("  » \(tag)\n") }
        return String(text.dropFirst(before))
    }

    /// Sends a signal and waits for the exit; returns the status.
    func stop(signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Ends standard input (with `--exit-on-eof` the process then exits).
    func closeInput() { try? input.fileHandleForWriting.close() }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: temporaryDirectory)
    }
}

struct LiveTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One answer as curl saw it.
struct CurlAnswer {
    var status: Int
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    func all(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
}

enum Curl {
    static var path: String {
        for candidate in ["/usr/bin/curl", "/bin/curl"] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return "/usr/bin/curl"
    }

    /// Runs curl with `arguments` (plus `-s -i`) and parses the last answer.
    static func run(_ arguments: [String]) throws -> CurlAnswer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-s", "-i", "--max-time", "15"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw LiveTestError("no answer from curl: \(text)") }
        let lines = text[..<split.lowerBound].split(separator: "\r\n").map(String.init)
        let status = lines.first.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (
                String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            )
        }
        return CurlAnswer(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}
