import Foundation
import Testing

/// Bad input never stops the cluster (live-mode.md): 400, 431, 413, silent clients, and
/// at most 1,024 connections; other clients are served meanwhile, and nothing is recorded.
@Suite struct BadInputTests {
    @Test func malformedRequestGets400AndTheConnectionCloses() throws {
        let live = try LiveProcess()
        let socket = try RawSocket(port: live.port)
        socket.send("GARBAGE\r\n\r\n")
        let (text, closed) = socket.readAll(timeout: 3)
        #expect(text.hasPrefix("HTTP/1.1 400"))
        #expect(text.contains("X-Served-By: balancer"))
        #expect(closed)
        #expect(try Curl.run([live.url + "/"]).status == 200)
        #expect(!live.stdout.contains("GARBAGE"))
        #expect(live.stop() == 0)
    }

    @Test func headersOver16KiBGet431() throws {
        let live = try LiveProcess()
        let big = String(repeating: "a", count: 17 * 1024)
        let answer = try Curl.run(["-H", "X-Big: \(big)", live.url + "/"])
        #expect(answer.status == 431)
        #expect(answer.header("X-Served-By") == "balancer")
        let fine = try Curl.run(["-H", "X-Big: \(String(repeating: "a", count: 8 * 1024))", live.url + "/"])
        #expect(fine.status == 200)
        #expect(live.stop() == 0)
    }

    @Test func bodiesOver64KiBGet413() throws {
        let live = try LiveProcess()
        let file = live.temporaryDirectory.appendingPathComponent("body")
        try Data(("user=" + String(repeating: "a", count: 65 * 1024)).utf8).write(to: file)
        let answer = try Curl.run(["--data-binary", "@\(file.path)", live.url + "/login"])
        #expect(answer.status == 413)
        #expect(answer.header("X-Served-By") == "balancer")
        // Chunked, without a length: counted as it arrives.
        let chunked = try Curl.run(
            ["-H", "Transfer-Encoding: chunked", "--data-binary", "@\(file.path)", live.url + "/login"])
        #expect(chunked.status == 413)
        #expect(try Curl.run([live.url + "/"]).status == 200)
        #expect(!live.stdout.contains("POST /login"), "bad input is not recorded as a request")
        #expect(live.stop() == 0)
    }

    @Test func silentClientsAreDisconnectedAfterTenSeconds() throws {
        let live = try LiveProcess()
        let socket = try RawSocket(port: live.port)
        let started = Date()
        // Others are served meanwhile.
        #expect(try Curl.run([live.url + "/"]).status == 200)
        let (_, closed) = socket.readAll(timeout: 14)
        let waited = Date().timeIntervalSince(started)
        #expect(closed)
        #expect(waited >= 9 && waited < 13.5, "closed after \(waited) s")
        #expect(live.stop() == 0)
    }

    @Test func atMost1024ConnectionsAtOnce() throws {
        raiseOpenFileLimit()
        let live = try LiveProcess()
        var sockets: [RawSocket] = []
        for _ in 0..<1024 { sockets.append(try RawSocket(port: live.port)) }
        // The next one is accepted by the kernel and closed by the balancer at once.
        let extra = try RawSocket(port: live.port)
        extra.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let (text, closed) = extra.readAll(timeout: 5)
        #expect(closed)
        #expect(text.isEmpty)
        // The open ones are still served.
        sockets[0].send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(sockets[0].readAll(timeout: 5).text.hasPrefix("HTTP/1.1 200"))
        sockets.removeAll()
        // Once they are gone, new clients get in again.
        var served = false
        for _ in 0..<50 where !served {
            served = (try? Curl.run([live.url + "/"]).status) == 200
            if !served { usleep(100_000) }
        }
        #expect(served)
        #expect(live.stop() == 0)
    }
}

/// Lets this process open more than 1,024 files (the soft limit), up to the hard one.
func raiseOpenFileLimit() {
    var limit = rlimit()
    getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    limit.rlim_cur = limit.rlim_max
    setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}
