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
