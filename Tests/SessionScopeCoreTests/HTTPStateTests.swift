import Foundation
import SessionScopeCore
import Testing

/// The public cases of the http-state test suite (RFC 6265's companion tests), copied into
/// Fixtures/. Each case: headers received from `home.example.org:8888/cookie-parser?ID`,
/// then the cookies expected on a request to `sent-to` (default `/cookie-parser-result?ID`).
struct HTTPStateCase: Decodable, CustomTestStringConvertible, Sendable {
    struct Sent: Decodable, Sendable {
        var name: String
        var value: String
    }
    var test: String
    var received: [String]
    var sent: [Sent]
    var sentTo: String?

    enum CodingKeys: String, CodingKey {
        case test, received, sent
        case sentTo = "sent-to"
    }
    var testDescription: String { test }

    static func load() throws -> [HTTPStateCase] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/http-state-parser", withExtension: "json"))
        return try JSONDecoder().decode([HTTPStateCase].self, from: Data(contentsOf: url))
    }
}

/// 2011-01-01T00:00:00Z, the date the suite was written against.
let httpStateNow: Int64 = 1_293_840_000_000

@Test("http-state parser case", arguments: try HTTPStateCase.load())
func httpStateCase(_ testCase: HTTPStateCase) throws {
    let base = "http://home.example.org:8888"
    let from = try #require(RequestURL(parsing: "\(base)/cookie-parser?\(testCase.test)"))
    let defaultTarget = try #require(RequestURL(parsing: "\(base)/cookie-parser-result?\(testCase.test)"))
    let to = try #require(testCase.sentTo.map { from.resolving($0) } ?? defaultTarget)
    let header = CookieJar.cookieHeader(receiving: testCase.received, from: from, to: to, now: httpStateNow)
    let expected = testCase.sent.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")
    #expect((header ?? "") == expected)
}

struct DateCase: Decodable, CustomTestStringConvertible, Sendable {
    var test: String
    var expected: String?
    var testDescription: String { test }

    static func load() throws -> [DateCase] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/http-state-dates", withExtension: "json"))
        return try JSONDecoder().decode([DateCase].self, from: Data(contentsOf: url))
    }
}

@Test("http-state date case", arguments: try DateCase.load())
func httpStateDate(_ testCase: DateCase) {
    let parsed = CookieDate.parse(testCase.test).map { CivilTime(unixSeconds: $0).httpDate }
    #expect(parsed == testCase.expected)
}

/// `cookies --explain` against the same public cases: the `Cookie` line it prints is what the
/// suite expects, every header is accounted for, and a cookie the suite does not see sent was
/// either not stored (with a reason) or withheld (with a reason).
@Test("http-state case explained", arguments: try HTTPStateCase.load())
func httpStateCaseExplained(_ testCase: HTTPStateCase) throws {
    let base = "http://home.example.org:8888"
    let from = try #require(RequestURL(parsing: "\(base)/cookie-parser?\(testCase.test)"))
    let defaultTarget = try #require(RequestURL(parsing: "\(base)/cookie-parser-result?\(testCase.test)"))
    let to = try #require(testCase.sentTo.map { from.resolving($0) } ?? defaultTarget)
    let explanation = CookieExplanation(receiving: testCase.received, from: from, to: to, now: httpStateNow)
    let expected = testCase.sent.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")
    #expect((explanation.header ?? "") == expected)
    #expect(explanation.received.count == testCase.received.count)
    let lines = explanation.lines
    #expect(lines.filter { $0.hasPrefix("Set-Cookie: ") }.count == testCase.received.count)
    #expect(lines.last == (expected.isEmpty ? lines.last : "Cookie: \(expected)"))
    for (_, outcome) in explanation.received {
        if case .ignored(let rejection) = outcome { #expect(!rejection.detail.isEmpty) }
    }
}

@Test func explainSaysWhyEachCookieWasRejectedOrWithheld() throws {
    let from = try #require(RequestURL(parsing: "http://home.example.org:8888/cookie-parser"))
    let to = try #require(RequestURL(parsing: "http://home.example.org:8888/other"))
    let explanation = CookieExplanation(
        receiving: [
            "a=1; Secure", "b=2; Domain=example.com", "c=3; Path=/cookie-parser", "d=4; SameSite=Strict",
            "e=5; SameSite=None", "f=6; Max-Age=0", "g=7",
        ], from: from, to: to, now: httpStateNow, fromSite: "evil.example")
    #expect(
        explanation.lines == [
            "Set-Cookie: a=1; Secure\n  rejected: SecureOnly (Secure cookie set over http)",
            "Set-Cookie: b=2; Domain=example.com\n  rejected: InvalidDomain (Domain=example.com does not cover "
                + "home.example.org)",
            "Set-Cookie: c=3; Path=/cookie-parser\n  stored: c for home.example.org/cookie-parser (session cookie)",
            "Set-Cookie: d=4; SameSite=Strict\n  stored: d for home.example.org/ (session cookie, SameSite=Strict)",
            "Set-Cookie: e=5; SameSite=None\n  rejected: SameSiteNoneInsecure (SameSite=None without Secure)",
            "Set-Cookie: f=6; Max-Age=0\n  not stored: Expired (already expired)",
            "Set-Cookie: g=7\n  stored: g for home.example.org/ (session cookie)",
            "withheld c: NotOnPath",
            "withheld d: SameSiteStrict",
            "Cookie: g=7",
        ])
}
