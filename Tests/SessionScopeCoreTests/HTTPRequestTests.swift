import SessionScopeCore
import Testing

/// How the application reads one cookie out of a `Cookie` header (in place, over bytes).
@Test(
    arguments: [
        ("SID=abc", "SID", "abc"),
        ("LB=server-1; SID=abc", "SID", "abc"),
        ("SIDX=1; SID=abc", "SID", "abc"),
        ("XSID=1;SID=abc", "SID", "abc"),
        ("SID=first; SID=second", "SID", "first"),
        ("SID=", "SID", ""),
        ("SID=abc;  LB=server-2", "LB", "server-2"),
        ("SID", "SID", nil),
        ("S=1; SI=2", "SID", nil),
        ("", "SID", nil),
    ] as [(String, String, String?)])
func cookieValueIsReadFromTheHeader(header: String, name: String, expected: String?) {
    let request = HTTPRequest(method: .get, path: "/me", cookieHeader: header)
    #expect(request.cookie(named: name) == expected)
}

@Test func aRequestWithoutCookieHeaderHasNoCookie() {
    #expect(HTTPRequest(method: .get, path: "/").cookie(named: "SID") == nil)
}

@Test func sessionIDsParseFromBytesInEitherCase() {
    var upper = "0123456789ABCDEF0123456789abcdef"
    let id = upper.withUTF8 { SessionID(hexBytes: $0) }
    #expect(id == SessionID(high: 0x0123_4567_89AB_CDEF, low: 0x0123_4567_89AB_CDEF))
    var short = "0123"
    #expect(short.withUTF8 { SessionID(hexBytes: $0) } == nil)
    var wrong = "0123456789abcdef0123456789abcdeg"
    #expect(wrong.withUTF8 { SessionID(hexBytes: $0) } == nil)
}
