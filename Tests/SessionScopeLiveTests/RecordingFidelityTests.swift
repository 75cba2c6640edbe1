import Foundation
import Testing

/// A recording replays to the same outcome even when outside clients keep sending while
/// statements kill and start servers, and when their forms hold what a scenario line cannot
/// (line breaks, a field without a name, 20 KB).
@Suite struct RecordingFidelityTests {
    @Test func requestsInFlightDuringKillAndStartReplayWithCheck() throws {
        let live = try LiveProcess(["--servers", "2", "--record", "{tmp}/run.scn"])
        let record = live.temporaryDirectory.appendingPathComponent("run.scn").path
        let stop = Locked(false)
        let answered = Locked(0)
        let port = live.port
        // Four keep-alive clients send as fast as they are answered.
        let clients = (0..<4).map { _ in
            Thread {
                guard let socket = try? RawSocket(port: port) else { return }
                while !stop.value {
                    socket.send("GET /me HTTP/1.1\r\nHost: x\r\n\r\n")
                    guard socket.readAnswer(timeout: 5) else { return }
                    answered.update { $0 += 1 }
                }
            }
        }
        for client in clients { client.start() }
        var rounds = 0
        while rounds < 5 || answered.value < 40 && rounds < 200 {
            try live.run("server-1 kill", "server-1 start")
            rounds += 1
        }
        stop.update { $0 = true }
        usleep(200_000)
        #expect(answered.value >= 40, "the clients were answered meanwhile")
        #expect(live.stop(signal: SIGINT) == 0)
        let check = try ShutdownAndRecordingTests.run(["check", record])
        let recorded = (try? String(contentsOfFile: record, encoding: .utf8)) ?? ""
        #expect(check.status == 0, "\(check.output.suffix(2000))\n\(recorded.prefix(3000))")
        #expect(check.output.hasSuffix(" 0 failed\n"))
    }

    @Test func overlappingAnonymousRequestsEachGetTheirOwnOutcomeInTheRecording() throws {
        // With tokens, an answer to a stranger sets nothing: every such client is `anonymous`.
        let live = try LiveProcess(["--store", "jwt", "--servers", "2", "--record", "{tmp}/run.scn"])
        let record = live.temporaryDirectory.appendingPathComponent("run.scn").path
        let port = live.port
        let clients = (0..<4).map { _ in
            Thread {
                guard let socket = try? RawSocket(port: port) else { return }
                for _ in 0..<20 {
                    socket.send("GET /me HTTP/1.1\r\nHost: x\r\n\r\n")
                    guard socket.readAnswer(timeout: 5) else { return }
                }
            }
        }
        for client in clients { client.start() }
        usleep(100_000)
        try live.run("say sent")
        usleep(1_000_000)
        #expect(live.stop(signal: SIGINT) == 0)
        let recorded = try String(contentsOfFile: record, encoding: .utf8)
        #expect(recorded.components(separatedBy: "anonymous send GET /me").count > 20)
        let check = try ShutdownAndRecordingTests.run(["check", record])
        #expect(check.status == 0, "\(check.output.suffix(2000))")
    }

    @Test func aLineBreakInAFormIsShownNotObeyedInTheTranscript() throws {
        let live = try LiveProcess()
        let forged = "user=x%0A%5B0%3A00%3A09%5D%204%20%7C%20server-2%20kill&password=x"
        #expect(try Curl.run(["--data-raw", forged, live.url + "/login"]).status == 401)
        try live.run("say done")
        #expect(!live.stdout.contains("\n[0:00:09] 4 | server-2 kill"), "\(live.stdout)")
        #expect(live.stdout.contains("user=x\\u{A}[0:00:09]"), "\(live.stdout)")
        #expect(live.stop() == 0)
    }

    @Test func formsALineCannotHoldAreRecordedSoThatCheckReplaysThem() throws {
        let live = try LiveProcess(["--record", "{tmp}/run.scn"])
        let record = live.temporaryDirectory.appendingPathComponent("run.scn").path
        #expect(
            try Curl.run(["--data-raw", "user=alice&password=%0Asecret%5C&=empty", live.url + "/login"]).status == 401)
        // 30 KB of `!`: 90 KB once the balancer re-encodes the form for the server (`%21`), and
        // a recorded line longer than the 16 KiB a line once could be.
        let long = "user=alice&password=secret&note=" + String(repeating: "!", count: 30_000)
        #expect(try Curl.run(["--data-raw", long, live.url + "/login"]).status == 200)
        #expect(live.stop(signal: SIGINT) == 0)
        let text = try String(contentsOfFile: record, encoding: .utf8)
        #expect(text.contains("# client-1's form had a field without a name"))
        #expect(text.contains("password=\"\u{240A}secret\\\\\""))
        let check = try ShutdownAndRecordingTests.run(["check", record])
        #expect(check.status == 0, "\(check.output.suffix(2000))")
    }

    @Test func aClientThatShutsItsSideAfterSendingGetsItsAnswer() throws {
        let live = try LiveProcess()
        let socket = try RawSocket(port: live.port)
        socket.send("GET /me HTTP/1.1\r\nHost: x\r\n\r\n")
        shutdown(socket.fd, Int32(SHUT_WR))
        let (text, closed) = socket.readAll(timeout: 5)
        #expect(text.hasPrefix("HTTP/1.1 401 Unauthorized"))
        #expect(closed)
        #expect(live.stop() == 0)
    }
}

/// A value shared between test threads.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}

extension RawSocket {
    /// Reads one answer with a `Content-Length` body; false when the connection ended first.
    func readAnswer(timeout: Double) -> Bool {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let text = String(decoding: received, as: UTF8.self)
            if let end = text.range(of: "\r\n\r\n"),
                let lengthLine = text[..<end.lowerBound].split(separator: "\r\n").first(where: {
                    $0.lowercased().hasPrefix("content-length:")
                }),
                let length = Int(lengthLine.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)),
                text.utf8.count - text.utf8.distance(from: text.startIndex, to: end.upperBound) >= length
            {
                return true
            }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) >= 0 else { return false }
            guard poller.revents != 0 else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return false }
            received += buffer[0..<n]
        }
        return false
    }
}
