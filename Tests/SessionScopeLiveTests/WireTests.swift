import Foundation
import Testing

/// HTTP/1.1 as the listeners speak it over real sockets (SessionScopeHTTP1 in RequestFront):
/// pipelined requests answered in order, a request that arrives in pieces, `Expect:
/// 100-continue`, HTTP/1.0, and framing a proxy could read two ways.
@Suite struct WireTests {
    /// The status lines of the answers in `text`, in order (a body ends with a bare LF).
    func statusLines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("HTTP/1.1 ") }
    }

    @Test func pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws {
        let live = try LiveProcess()
        let socket = try RawSocket(port: live.port)
        socket.send(
            "GET /me HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\n\r\nuser=alice&password=secret"
                + "GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let (text, closed) = socket.readAll(timeout: 5)
        #expect(statusLines(text) == ["HTTP/1.1 401 Unauthorized", "HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found"])
        #expect(closed, "Connection: close on the last one closes after its answer")
        #expect(live.stop() == 0)
    }

    @Test func anAnswerToHEADHasNoBodySoTheNextAnswerIsReadRight() throws {
        let live = try LiveProcess()
        let socket = try RawSocket(port: live.port)
        socket.send("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let (text, _) = socket.readAll(timeout: 5)
        let head = try #require(text.range(of: "\r\n\r\n"))
        // The application takes GET and POST: HEAD is refused, and its answer's body is not sent.
        #expect(text.hasPrefix("HTTP/1.1 405 Method Not Allowed"))
        #expect(text[head.upperBound...].hasPrefix("HTTP/1.1 200 OK"))
        #expect(live.stop() == 0)
    }

    @Test func thousandsOfPipelinedRequestsAnsweredAtOnceAreAnsweredInTurn() throws {
        let live = try LiveProcess()
        let socket = try RawSocket(port: live.port)
        // Each is refused by the balancer at once (405): answered without waiting, 30,000 deep.
        let count = 30_000
        socket.send(
            "GET /me HTTP/1.1\r\nHost: x\r\n\r\n" + String(repeating: "A / HTTP/1.1\nHost: x\n\n", count: count))
        socket.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let (text, closed) = socket.readAll(timeout: 30)
        #expect(closed)
        let lines = statusLines(text)
        #expect(lines.count == count + 2)
        #expect(lines.first == "HTTP/1.1 401 Unauthorized")
        #expect(lines.last == "HTTP/1.1 200 OK")
        #expect(lines.dropFirst().dropLast().allSatisfy { $0 == "HTTP/1.1 405 Method Not Allowed" })
        #expect(try Curl.run([live.url + "/"]).status == 200)
        #expect(live.stop() == 0)
    }

    @Test func aClientThatDoesNotReadItsAnswersIsNotReadEither() throws {
        let live = try LiveProcess()
        let socket = try RawSocket(port: live.port)
        _ = fcntl(socket.fd, F_SETFL, fcntl(socket.fd, F_GETFL) | O_NONBLOCK)
        // It sends requests and never reads: once the answers fill the socket, the listener
        // stops reading, so the sender's buffers fill and it can send no more.
        let request = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        let batch = Array(repeating: request, count: 1000).flatMap { $0 }
        var sent = 0
        var blockedSince: Date?
        while sent < 64 << 20 {
            let n = batch.withUnsafeBytes { Glibc.send(socket.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                sent += n
                blockedSince = nil
            } else if let since = blockedSince {
                if Date().timeIntervalSince(since) > 2 { break }
                usleep(10_000)
            } else {
                blockedSince = Date()
            }
        }
        #expect(sent < 32 << 20, "the listener read \(sent) bytes from a client that reads nothing")
        // Others are served meanwhile.
        #expect(try Curl.run([live.url + "/"]).status == 200)
        #expect(live.stop() == 0)
    }

    @Test func anAbsoluteTargetNamesItsPath() throws {
        let live = try LiveProcess()
        let socket = try RawSocket(port: live.port)
        socket.send("GET http://x:8080/me?a=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let (text, _) = socket.readAll(timeout: 5)
        // `/me` (401 without a session), not a path `/http://x:8080/me` (404).
        #expect(statusLines(text) == ["HTTP/1.1 401 Unauthorized"])
        #expect(live.stop() == 0)
    }

    @Test func aServersOwnRefusalNamesTheServer() throws {
        let live = try LiveProcess()
        let port = try #require(CurlRouteTests.serverPort(1, in: live.stderr))
        let socket = try RawSocket(port: port)
        socket.send("GARBAGE\r\n\r\n")
        let (text, _) = socket.readAll(timeout: 3)
        #expect(text.hasPrefix("HTTP/1.1 400 Bad Request"))
        #expect(text.contains("X-Served-By: server-1"))
        #expect(live.stop() == 0)
    }

    @Test func aRequestArrivingInPiecesIsReadWhole() throws {
        let live = try LiveProcess()
        let socket = try RawSocket(port: live.port)
        let request = Array("GET /me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)
        for chunk in stride(from: 0, to: request.count, by: 5) {
            socket.send(Array(request[chunk..<min(request.count, chunk + 5)]))
            usleep(20_000)
        }
        let (text, closed) = socket.readAll(timeout: 5)
        #expect(statusLines(text) == ["HTTP/1.1 401 Unauthorized"])
        #expect(closed)
        #expect(live.stop() == 0)
    }

    @Test func expectContinueGetsAHundredBeforeTheBody() throws {
        let live = try LiveProcess()
        let socket = try RawSocket(port: live.port)
        socket.send(
            "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
        )
        let (interim, _) = socket.readAll(timeout: 1)
        #expect(interim == "HTTP/1.1 100 Continue\r\n\r\n")
        socket.send("user=alice&password=secret")
        let (text, closed) = socket.readAll(timeout: 5)
        #expect(statusLines(text) == ["HTTP/1.1 200 OK"])
        #expect(text.contains("Set-Cookie: SID="))
        #expect(closed)
        #expect(live.stop() == 0)
    }

    @Test func anHTTP10ClientIsAnsweredAndClosedUnlessItAsksToKeepAlive() throws {
        let live = try LiveProcess()
        let closing = try RawSocket(port: live.port)
        closing.send("GET / HTTP/1.0\r\n\r\n")
        let (first, closed) = closing.readAll(timeout: 5)
        #expect(first.hasPrefix("HTTP/1.1 200 OK"))
        #expect(first.contains("Connection: close"))
        #expect(closed)
        let keeping = try RawSocket(port: live.port)
        keeping.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let (second, stillOpen) = keeping.readAll(timeout: 1)
        #expect(second.contains("Connection: keep-alive"))
        #expect(!stillOpen)
        #expect(live.stop() == 0)
    }

    @Test func framingThatCouldBeReadTwoWaysGets400AndOthersAreServed() throws {
        let live = try LiveProcess()
        for request in [
            "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef",
            "GET / HTTP/1.1\r\nHost : x\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n",
        ] {
            let socket = try RawSocket(port: live.port)
            socket.send(request)
            let (text, closed) = socket.readAll(timeout: 3)
            #expect(text.hasPrefix("HTTP/1.1 400 Bad Request"), "\(request.debugDescription)")
            #expect(closed)
        }
        #expect(try Curl.run([live.url + "/"]).status == 200)
        #expect(!live.stdout.contains("POST /login"), "refused requests are not recorded")
        #expect(live.stop() == 0)
    }
}
