import Foundation
import Testing

/// The application over HTTP (live-mode.md): every route, status and cookie as curl sees
/// them through the real balancer and servers.
@Suite struct CurlRouteTests {
    @Test func everyRouteStatusAndCookie() throws {
        let live = try LiveProcess(["--servers", "1"])
        let jar = live.temporaryDirectory.appendingPathComponent("jar.txt").path
        let first = try Curl.run(["-c", jar, live.url + "/"])
        #expect(first.status == 200)
        #expect(first.header("X-Served-By") == "server-1")
        let set = try #require(first.all("Set-Cookie").first)
        #expect(set.hasPrefix("SID=") && set.hasSuffix("; Path=/; HttpOnly"))

        let anonymous = try Curl.run(["-b", jar, "-c", jar, live.url + "/me"])
        #expect(anonymous.status == 401)
        #expect(anonymous.header("Content-Type") == "application/json")
        #expect(anonymous.body.hasPrefix("{\"user\":null,\"server\":\"server-1\",\"session\":\""))

        let wrong = try Curl.run(["-b", jar, "-c", jar, "-d", "user=alice&password=nope", live.url + "/login"])
        #expect(wrong.status == 401)

        let login = try Curl.run(["-b", jar, "-c", jar, "-d", "user=alice&password=secret", live.url + "/login"])
        #expect(login.status == 200)
        // regenerate=on: a new id at login.
        let newCookie = try #require(login.all("Set-Cookie").first)
        #expect(newCookie.hasPrefix("SID=") && newCookie != set)

        let me = try Curl.run(["-b", jar, "-c", jar, live.url + "/me"])
        #expect(me.status == 200)
        let sid = newCookie.dropFirst(4).prefix { $0 != ";" }
        #expect(me.body == "{\"user\":\"alice\",\"server\":\"server-1\",\"session\":\"\(sid)\"}\n")

        let remember = try Curl.run(
            ["-b", jar, "-c", jar, "-d", "user=alice&password=secret&remember=on", live.url + "/login"])
        #expect(remember.all("Set-Cookie").first?.hasSuffix("; Max-Age=1209600") == true)

        let logout = try Curl.run(["-b", jar, "-c", jar, "-X", "POST", live.url + "/logout"])
        #expect(logout.status == 200)
        #expect(logout.all("Set-Cookie") == ["SID=; Path=/; HttpOnly; Max-Age=0"])

        #expect(try Curl.run([live.url + "/nowhere"]).status == 404)
        #expect(try Curl.run(["-X", "POST", live.url + "/me"]).status == 405)
        let put = try Curl.run(["-X", "PUT", live.url + "/me"])
        #expect(put.status == 405)
        #expect(put.header("X-Served-By") == "balancer")
        #expect(live.stop() == 0)
    }

    @Test func htmlPagesForBrowsers() throws {
        let live = try LiveProcess(["--servers", "1"])
        let page = try Curl.run(["-H", "Accept: text/html,application/xhtml+xml", live.url + "/"])
        #expect(page.status == 200)
        #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
        for needle in [
            "<form method=\"post\" action=\"/login\">", "name=\"user\"", "name=\"password\"", "name=\"remember\"",
            "action=\"/logout\"", "href=\"/me\"", "<link rel=\"icon\" href=\"data:,\">", "id=\"user\"></dd>",
            "id=\"server\">server-1</dd>",
        ] {
            #expect(page.body.contains(needle), "missing \(needle)")
        }
        let login = try Curl.run(
            ["-H", "Accept: text/html", "-d", "user=alice&password=secret", live.url + "/login"])
        #expect(login.status == 200)
        #expect(login.body.contains("id=\"user\">alice</dd>"))
        #expect(login.body.contains("href=\"/\""))
        #expect(live.stop() == 0)
    }

    @Test func roundRobinForgetsTheUser() throws {
        let live = try LiveProcess(["--servers", "2"])
        let jar = live.temporaryDirectory.appendingPathComponent("jar.txt").path
        let login = try Curl.run(["-b", jar, "-c", jar, "-d", "user=alice&password=secret", live.url + "/login"])
        #expect(login.status == 200)
        #expect(login.header("X-Served-By") == "server-1")
        let me = try Curl.run(["-b", jar, "-c", jar, live.url + "/me"])
        #expect(me.status == 401)
        #expect(me.header("X-Served-By") == "server-2")
        let transcript = live.stdout
        #expect(transcript.contains("client-1 127.0.0.1:"))
        #expect(live.stop() == 0)
    }

    @Test func stickyCookieKeepsTheUser() throws {
        let live = try LiveProcess(["--servers", "3", "--balancer", "sticky-cookie"])
        let jar = live.temporaryDirectory.appendingPathComponent("jar.txt").path
        let login = try Curl.run(["-b", jar, "-c", jar, "-d", "user=alice&password=secret", live.url + "/login"])
        #expect(login.all("Set-Cookie").contains("LB=server-1; Path=/"))
        for _ in 0..<3 {
            let me = try Curl.run(["-b", jar, "-c", jar, live.url + "/me"])
            #expect(me.status == 200)
            #expect(me.header("X-Served-By") == "server-1")
        }
        #expect(live.stop() == 0)
    }

    @Test func killAndStartCloseAndReopenThePort() throws {
        let live = try LiveProcess(["--servers", "2", "--store", "replicated"])
        let jar = live.temporaryDirectory.appendingPathComponent("jar.txt").path
        _ = try Curl.run(["-b", jar, "-c", jar, "-d", "user=alice&password=secret", live.url + "/login"])
        let port = try #require(Self.serverPort(1, in: live.stderr))
        #expect(try Curl.run(["http://127.0.0.1:\(port)/"]).status == 421)
        let killed = try live.run("server-1 kill")
        #expect(killed.contains("server-1 crashed"))
        // The port refuses connections (curl exit 7, no answer).
        #expect(throws: (any Error).self) { try Curl.run(["http://127.0.0.1:\(port)/"]) }
        for _ in 0..<2 {
            let me = try Curl.run(["-b", jar, "-c", jar, live.url + "/me"])
            #expect(me.status == 200)
            #expect(me.header("X-Served-By") == "server-2")
        }
        try live.run("server-1 start")
        #expect(try Curl.run(["http://127.0.0.1:\(port)/"]).status == 421)
        try live.run("server-2 kill")
        let me = try Curl.run(["-b", jar, "-c", jar, live.url + "/me"])
        #expect(me.status == 200, "server-1 copied the table from server-2 on start")
        #expect(me.header("X-Served-By") == "server-1")
        try live.run("server-1 kill")
        let none = try Curl.run([live.url + "/"])
        #expect(none.status == 503)
        #expect(none.header("X-Served-By") == "balancer")
        #expect(live.stop() == 0)
    }

    @Test func advanceRunsTheClusterClockAhead() throws {
        let live = try LiveProcess(["--servers", "1", "--timeout", "30m"])
        let jar = live.temporaryDirectory.appendingPathComponent("jar.txt").path
        _ = try Curl.run(["-b", jar, "-c", jar, "-d", "user=alice&password=secret", live.url + "/login"])
        #expect(try Curl.run(["-b", jar, "-c", jar, live.url + "/me"]).status == 200)
        let advanced = try live.run("advance 31m", "expect clock >= 31m")
        #expect(advanced.contains("✓"))
        #expect(try Curl.run(["-b", jar, "-c", jar, live.url + "/me"]).status == 401)
        #expect(live.stdout.contains("expired"))
        #expect(live.stop() == 0)
    }

    @Test func builtInBrowsersSendRealRequests() throws {
        let live = try LiveProcess(["--servers", "2"])
        let out = try live.run(
            "browser alice", "alice login alice", "expect alice.status == 200", "alice get /me",
            "expect alice.status == 401", "expect alice.server == server-2")
        #expect(out.contains("alice 127.0.0.2:"))
        #expect(!out.contains("✗"))
        #expect(live.stop() == 0)
    }

    @Test func aPortInUseExitsTwo() throws {
        let live = try LiveProcess()
        let second = try ShutdownAndRecordingTests.run(["live", "--headless", "--listen", "127.0.0.1:\(live.port)"])
        #expect(second.status == 2)
        #expect(second.output.contains("cannot listen on 127.0.0.1:\(live.port)"))
        let usage = try ShutdownAndRecordingTests.run(["live", "--headless", "--listen", "localhost"])
        #expect(usage.status == 2)
        #expect(usage.output.contains("--listen: 'localhost' is not HOST:PORT"))
        #expect(live.stop() == 0)
    }

    static func serverPort(_ k: Int, in text: String) -> Int? {
        let prefix = "server-\(k) at http://127.0.0.1:"
        guard let range = text.range(of: prefix, options: .backwards) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }
}
