import SessionScopeHTTP1
import Testing

/// The HTTP/1.1 reader on bytes, without sockets: framing, limits, and what it refuses.
@Suite struct HTTP1ReaderTests {
    let limits = HTTP1Limits(headerBytes: 16 * 1024, bodyBytes: 64 * 1024)

    func requests(_ text: String, splitEvery step: Int = .max) throws(HTTP1Failure) -> [HTTP1Message] {
        var reader = HTTP1Reader(kind: .request, limits: limits)
        var found: [HTTP1Message] = []
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            reader.append(contentsOf: bytes[offset..<end])
            offset = end
            while let message = try reader.next() { found.append(message) }
        }
        return found
    }

    func failure(_ text: String) -> HTTP1Failure? {
        do {
            _ = try requests(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsARequestWithItsFieldsInOrder() throws {
        let found = try requests("GET /me?x=1 HTTP/1.1\r\nHost: a\r\nCookie: SID=1\r\ncookie:  b=2 \r\n\r\n")
        #expect(found.count == 1)
        let request = try #require(found.first)
        #expect(request.method == "GET")
        #expect(request.target == "/me?x=1")
        #expect(request.minorVersion == 1)
        #expect(request.headers.first(name: "COOKIE") == "SID=1")
        #expect(request.headers["cookie"] == ["SID=1", "b=2"])
        #expect(request.body.isEmpty)
        #expect(request.isKeepAlive)
    }

    @Test func readsTheSameWhicheverWayTheBytesAreSplit() throws {
        let text =
            "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nuser=alice&"
            + "GET / HTTP/1.0\r\n\r\n"
            + "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n"
        let whole = try requests(text)
        for step in [1, 2, 3, 7, 50] {
            let split = try requests(text, splitEvery: step)
            #expect(split.map(\.body) == whole.map(\.body), "split every \(step)")
            #expect(split.map(\.target) == whole.map(\.target), "split every \(step)")
        }
        #expect(whole.map(\.target) == ["/login", "/", "/x"])
        #expect(whole.map { String(decoding: $0.body, as: UTF8.self) } == ["user=alice&", "", "abcde"])
        #expect(whole[1].minorVersion == 0)
        #expect(!whole[1].isKeepAlive, "HTTP/1.0 closes unless it asks to keep alive")
    }

    @Test func keepAliveFollowsConnection() throws {
        let found = try requests(
            "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
        #expect(found.map(\.isKeepAlive) == [false, true])
    }

    @Test func takesTheThreeFormsOfTargetAndHTTP10WithoutHost() throws {
        let found = try requests(
            "GET http://x:8080/me?a HTTP/1.1\r\nHost: x\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /a%20b HTTP/1.0\r\n\r\n")
        #expect(found.map(\.target) == ["http://x:8080/me?a", "*", "/a%20b"])
    }

    @Test func skipsEmptyLinesBeforeARequestAndTakesBareLineFeeds() throws {
        let found = try requests("\r\n\nGET /a HTTP/1.1\nHost: x\n\n")
        #expect(found.map(\.target) == ["/a"])
        #expect(found.first?.headers.first(name: "host") == "x")
    }

    @Test func refusesWhatIsNotHTTP1() {
        for text in [
            "GARBAGE\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "GET  / HTTP/1.1\r\nHost: x\r\n\r\n",
            "G(T / HTTP/1.1\r\nHost: x\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\nNo colon\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nName : v\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n c\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\nA: b\u{1}c\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nA: b\rc\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n",
            "GET me HTTP/1.1\r\nHost: x\r\n\r\n", "GET /\u{E9} HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET / HTTP/1.0\r\nHost: a\r\nhost: a\r\n\r\n", "GET 1http://x/ HTTP/1.1\r\nHost: x\r\n\r\n",
        ] {
            guard case .malformed = failure(text) else {
                Issue.record("accepted \(text.debugDescription)")
                continue
            }
        }
    }

    @Test func refusesFramingThatCouldBeReadTwoWays() {
        for text in [
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x\r\n\r\n",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n",
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        ] {
            guard case .malformed = failure(text) else {
                Issue.record("accepted \(text.debugDescription)")
                continue
            }
        }
        // The same length twice is one length.
        #expect(failure("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2, 2\r\n\r\nab") == nil)
    }

    @Test func refusesHeadersOverTheLimitAsSoonAsTheyAre() {
        let big = String(repeating: "a", count: 17 * 1024)
        // Not even the end of the header section has to arrive.
        #expect(failure("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(big)") == .headersTooLarge)
        #expect(failure("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(big)\r\n\r\n") == .headersTooLarge)
        #expect(
            failure("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 8 * 1024))\r\n\r\n") == nil)
    }

    @Test func refusesBodiesOverTheLimitBeforeTheyArrive() {
        #expect(failure("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65537\r\n\r\n") == .bodyTooLarge)
        #expect(failure("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n") == .bodyTooLarge)
        #expect(failure("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0000000000000000000002\r\n\r\nab") == nil)
        let chunk = String(repeating: "a", count: 40 * 1024)
        let hex = String(40 * 1024, radix: 16)
        let chunked = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n\(hex)\r\n\(chunk)\r\n\(hex)\r\n"
        #expect(failure(chunked) == .bodyTooLarge)
        #expect(
            failure("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffffff\r\n")
                == .bodyTooLarge)
    }

    @Test func afterAFailureEveryCallFails() throws {
        var reader = HTTP1Reader(kind: .request, limits: limits)
        reader.append(contentsOf: Array("BAD\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(throws: HTTP1Failure.self) { try reader.next() }
        #expect(throws: HTTP1Failure.self) { try reader.next() }
    }

    @Test func readsResponsesByLengthChunksOrClose() throws {
        var reader = HTTP1Reader(kind: .response, limits: limits)
        reader.append(
            contentsOf: Array(
                ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Served-By: server-1\r\n\r\nok"
                    + "HTTP/1.1 204 No Content\r\n\r\n"
                    + "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n"
                    + "HTTP/1.0 200\r\n\r\nuntil the end").utf8))
        var found: [HTTP1Message] = []
        while let message = try reader.next() { found.append(message) }
        #expect(found.map(\.status) == [200, 204, 503])
        #expect(found.first?.headers.first(name: "x-served-by") == "server-1")
        #expect(found.map { String(decoding: $0.body, as: UTF8.self) } == ["ok", "", "x"])
        let last = try #require(try reader.finish())
        #expect(last.status == 200)
        #expect(String(decoding: last.body, as: UTF8.self) == "until the end")
    }

    @Test func aResponseCutShortIsAFailure() throws {
        var reader = HTTP1Reader(kind: .response, limits: limits)
        reader.append(contentsOf: Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok".utf8))
        #expect(try reader.next() == nil)
        #expect(throws: HTTP1Failure.self) { try reader.finish() }
    }
}
