import SessionScopeScenario
import Testing

/// Each kind of bad input gets `FILE:LINE:COLUMN: error: ...` at the right place.
func diagnostic(_ source: String) -> String? {
    do {
        _ = try Parser.parse(file: "bad.scn", source: source)
        return nil
    } catch {
        return error.description
    }
}

func diagnostic(bytes: [UInt8]) -> String? {
    do {
        _ = try Parser.parse(file: "bad.scn", bytes: bytes)
        return nil
    } catch {
        return error.description
    }
}

@Test func unknownStatement() {
    #expect(
        diagnostic("browser alice\n  dance now\n")?.hasPrefix("bad.scn:2:3: error: unknown statement 'dance'") == true)
}

@Test func unknownActionOfAKnownBrowser() {
    #expect(diagnostic("browser alice\nalice jump\n")?.hasPrefix("bad.scn:2:7: error: a browser can get, post") == true)
}

@Test func badDuration() {
    #expect(diagnostic("advance 30x\n")?.hasPrefix("bad.scn:1:9: error: bad duration '30x'") == true)
    #expect(diagnostic("advance m30\n")?.hasPrefix("bad.scn:1:9: error: bad duration") == true)
    #expect(
        diagnostic("cluster timeout=soon\n")?.hasPrefix("bad.scn:1:9: error: timeout needs a positive duration") == true
    )
}

@Test func unterminatedString() {
    #expect(diagnostic("title ok\nsay \"never closed\n")?.hasPrefix("bad.scn:2:5: error: unterminated string") == true)
}

@Test func unknownBrowser() {
    #expect(diagnostic("browser alice\nbob get /\n")?.hasPrefix("bad.scn:2:1: error: unknown browser 'bob'") == true)
    #expect(
        diagnostic("browser alice\nalice steal bob\n")?.hasPrefix("bad.scn:2:13: error: unknown browser 'bob'") == true)
    // cluster forgets browsers
    #expect(
        diagnostic("browser alice\ncluster\nalice get /\n")?.hasPrefix("bad.scn:3:1: error: unknown browser 'alice'")
            == true)
}

@Test func closedBrowserMustBeReopened() {
    #expect(
        diagnostic("browser alice\nalice close\nalice get /\n")?.hasPrefix(
            "bad.scn:3:1: error: browser 'alice' is closed") == true)
    #expect(diagnostic("browser alice\nalice close\nbrowser alice\nalice get /\n") == nil)
}

@Test func unknownServer() {
    #expect(
        diagnostic("cluster servers=2\nserver-3 kill\n")?.hasPrefix("bad.scn:2:1: error: there is no server-3") == true)
    #expect(diagnostic("expect server-9.up == true\n")?.hasPrefix("bad.scn:1:8: error: there is no server-9") == true)
}

@Test func badSetting() {
    #expect(
        diagnostic("cluster servers=2 colour=blue\n")?.hasPrefix(
            "bad.scn:1:19: error: unknown cluster setting 'colour'") == true)
    #expect(
        diagnostic("cluster servers=17\n")?.hasPrefix("bad.scn:1:9: error: servers is a number from 1 to 16") == true)
    #expect(diagnostic("cluster balancer=fastest\n")?.hasPrefix("bad.scn:1:9: error: balancer is one of") == true)
    #expect(diagnostic("cluster store=floppy\n")?.hasPrefix("bad.scn:1:9: error: store is one of") == true)
    #expect(
        diagnostic("cluster regenerate=maybe\n")?.hasPrefix("bad.scn:1:9: error: regenerate is 'on' or 'off'") == true)
}

@Test func badReferenceOrOperator() {
    #expect(
        diagnostic("browser alice\nexpect alice.colour == red\n")?.hasPrefix(
            "bad.scn:2:8: error: unknown reference 'alice.colour'") == true)
    #expect(
        diagnostic("browser alice\nexpect alice.status = 200\n")?.hasPrefix("bad.scn:2:21: error: unknown operator '='")
            == true)
    #expect(
        diagnostic("browser alice\nexpect alice.user < bob\n")?.hasPrefix(
            "bad.scn:2:19: error: < compares numbers or durations") == true)
    #expect(
        diagnostic("browser alice\nexpect alice.status == true\n")?.hasPrefix(
            "bad.scn:2:24: error: alice.status is a number") == true)
    #expect(diagnostic("expect clock == 200\n")?.hasPrefix("bad.scn:1:17: error: clock is a duration") == true)
}

@Test func invalidUTF8() {
    let bytes = Array("title ok\nsay \"caf".utf8) + [0xC3, 0x28] + Array("\"\n".utf8)
    #expect(diagnostic(bytes: bytes)?.hasPrefix("bad.scn:2:9: error: invalid UTF-8 (byte 0xC3)") == true)
}

@Test func validInputHasNoDiagnostic() {
    #expect(
        diagnostic(
            """
            title "All of it" # a comment
            cluster servers=3 balancer=sticky-cookie store=replicated timeout=1h30m absolute=8h regenerate=off \
            cookie=JSESSIONID remember=7d sweep=30s seed=42
            user dave "pass word"
            browser alice ip=192.168.0.9
            browser bob
            crowd 3 login=on
            alice get /
            alice post /login user=dave "password=pass word"
            bob login alice password=secret remember=on
            bob steal alice
            guest-2 get /me
            server-2 kill
            server-2 start
            store down
            store up
            advance 1h30m
            say ko "안녕 # not a comment"
            pause
            expect alice.sid != bob.sid
            expect clock == 1h30m
            expect alice.server == server-1
            expect store.sessions == 0
            alice logout
            alice close
            alice clear
            """) == nil)
}

@Test func overlongLinesAreRefused() {
    let long = "say \"" + String(repeating: "x", count: Lexer.maxLineBytes) + "\"\n"
    #expect(
        diagnostic("title ok\n" + long)?.hasPrefix(
            "bad.scn:2:1: error: line is \(Lexer.maxLineBytes + 6) bytes long; the limit is \(Lexer.maxLineBytes)")
            == true)
}

@Test func crowdsHaveALimit() {
    #expect(
        diagnostic("crowd 2000001\n")?.hasPrefix("bad.scn:1:7: error: crowd needs a number from 1 to 2000000") == true)
    #expect(diagnostic("crowd 0\n")?.hasPrefix("bad.scn:1:7: error: crowd needs a number") == true)
}
