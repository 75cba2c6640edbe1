import Foundation
import Glibc
import Testing

/// The terminal UI in live mode, in a real terminal (tmux): the URL in the header, an
/// outside client marked as observed, statements on the `:` line, `q` quits cleanly.
@Suite struct TerminalUITests {
    @Test func theLiveUIShowsTheURLAndOutsideClients() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is missing")
        let tmux = try Tmux()
        let record = tmux.directory.appendingPathComponent("ui.scn").path
        let status = tmux.directory.appendingPathComponent("status").path
        try tmux.run(
            "\(LiveProcess.binary.path) live --listen 127.0.0.1:0 --servers 2 --store replicated --record \(record);"
                + " echo $? > \(status)")
        let header = try tmux.waitFor("the header") { $0.contains("live http://127.0.0.1:") }
        let url = try #require(
            header.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }.map(String.init))
        let jar = tmux.directory.appendingPathComponent("jar").path
        #expect(try Curl.run(["-b", jar, "-c", jar, "-d", "user=alice&password=secret", url + "/login"]).status == 200)
        try tmux.waitFor("the observed client") { $0.contains("client-1") && $0.contains("observed · curl/") }
        try tmux.keys(":server-1 kill", "Enter")
        try tmux.waitFor("the crash") { $0.contains("server-1 ✖ down") }
        let me = try Curl.run(["-b", jar, "-c", jar, url + "/me"])
        #expect(me.status == 200)
        #expect(me.header("X-Served-By") == "server-2")
        try tmux.waitFor("the request in the trace") { $0.contains("client-1 send GET /me") }
        try tmux.keys("q")
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: status) { usleep(50_000) }
        #expect((try? String(contentsOfFile: status, encoding: .utf8)) == "0\n")
        let recording = try String(contentsOfFile: record, encoding: .utf8)
        #expect(recording.contains("server-1 kill"))
        let check = try ShutdownAndRecordingTests.run(["check", record])
        #expect(check.status == 0, "\(check.output)")
    }
}

/// With nginx in front, `E` shows the generated configuration over the UI, scrolls it, and
/// closes it again; the `:` line still takes a capital E.
@Suite struct EngineConfigInTheUITests {
    @Test func theEnginesConfigurationShowsAndScrolls() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is missing")
        let tmux = try Tmux()
        let status = tmux.directory.appendingPathComponent("status").path
        try tmux.run(
            "\(LiveProcess.binary.path) live --listen 127.0.0.1:0 --engine nginx --balancer ip-hash;"
                + " echo $? > \(status)"
        )
        try tmux.waitFor("the hint on the balancer pane") {
            $0.contains("live http://127.0.0.1:") && $0.contains(" E config ")
        }
        try tmux.keys("E")
        let shown = try tmux.waitFor("the configuration") { $0.contains("upstream sessionscope_servers") }
        #expect(shown.contains("ip_hash;"), "\(shown)")
        #expect(!shown.contains("location @unavailable"), "the end is below the window: \(shown)")
        try tmux.keys("End")
        try tmux.waitFor("its end") { $0.contains("location @unavailable") }
        try tmux.keys("Escape")
        try tmux.waitFor("the panes again") { $0.contains(" E config ") && !$0.contains("proxy_pass") }
        // The panes route an outside request where nginx sent it (the recording's pin).
        let header = try tmux.tmux(["capture-pane", "-t", "t", "-p"])
        let url = try #require(
            header.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }.map(String.init))
        let servedBy = try #require(try Curl.run([url + "/"]).header("X-Served-By"))
        try tmux.waitFor("client-1's route") { $0.contains("client-1 → \(servedBy)") }
        // In the `:` line a capital E is a letter, not the overlay.
        try tmux.keys(":say E", "Enter")
        usleep(700_000)
        let screen = try tmux.tmux(["capture-pane", "-t", "t", "-p"])
        #expect(!screen.contains("upstream sessionscope_servers"), "\(screen)")
        try tmux.keys("q")
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: status) { usleep(50_000) }
        #expect((try? String(contentsOfFile: status, encoding: .utf8)) == "0\n")
    }
}

/// A private tmux server with one window.
final class Tmux {
    let socket = "sessionscope-live-\(UUID().uuidString.prefix(8))"
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("live-tmux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try tmux([
            "new-session", "-d", "-s", "t", "-x", "132", "-y", "40", "-e", "LANG=C.UTF-8", "-e", "TERM=tmux-256color",
            "bash --norc --noprofile",
        ])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs a tmux command on this test's socket; only `capture-pane` is read.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        let capture = arguments.first == "capture-pane"
        return try Spawn.run("/usr/bin/tmux", ["-L", socket] + arguments, capture: capture).output
    }

    func run(_ command: String) throws {
        try tmux(["send-keys", "-t", "t", "-l", command])
        try tmux(["send-keys", "-t", "t", "Enter"])
    }

    func keys(_ keys: String...) throws {
        for key in keys {
            if key.count > 1 && key.first == ":" {
                try tmux(["send-keys", "-t", "t", "-l", key])
            } else {
                try tmux(["send-keys", "-t", "t", key])
            }
        }
    }

    @discardableResult
    func waitFor(_ what: String, _ condition: (String) -> Bool) throws -> String {
        for _ in 0..<200 {
            let text = try tmux(["capture-pane", "-t", "t", "-p"])
            if condition(text) { return text }
            usleep(50_000)
        }
        throw LiveTestError("timed out waiting for \(what); screen:\n\(try tmux(["capture-pane", "-t", "t", "-p"]))")
    }
}
