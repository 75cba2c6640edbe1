import ArgumentParser
import Foundation
import SessionScopeCore

/// `sessionscope cookies`: the browser's cookie jar alone.
struct Cookies: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The cookie jar alone: receive Set-Cookie headers, print the Cookie header it would send.",
        discussion: """
            Each SET-COOKIE is the value of one Set-Cookie header received, in order, in a response \
            to --from. Prints `Cookie: a=b; c=d` for a request to --to (default: --from), or nothing \
            when no cookie would be sent. Follows RFC 6265 sections 5.2 to 5.4, and RFC 6265bis for \
            Secure and SameSite. --explain also says, for each SET-COOKIE, whether it was stored and why \
            not, and which cookies the request withholds and why (reasons as Chrome's DevTools names \
            them); --from-site SITE makes the request come from a page of another site.
            """)

    @Option(help: "The URL the headers were received from.")
    var from: String
    @Option(help: "The URL of the next request (default: --from).")
    var to: String?
    @Option(help: "The jar's clock: an HTTP date or ISO 8601 date-time (default: now).")
    var now: String?
    @Flag(help: "Say what became of each Set-Cookie and why each withheld cookie was withheld.")
    var explain = false
    @Option(help: "The site whose page the request comes from (cross-site, e.g. evil.example).")
    var fromSite: String?
    @Option(help: "The request's method, for SameSite=Lax: GET (a link) or POST (a form).")
    var method: String = "GET"
    @Argument(help: "Set-Cookie header values, in the order received.")
    var setCookies: [String] = []

    func validate() throws {
        guard RequestURL(parsing: from) != nil else {
            throw ValidationError("--from: '\(from)' is not an http or https URL")
        }
        if let to, RequestURL(parsing: from)?.resolving(to) == nil {
            throw ValidationError("--to: '\(to)' is not an http or https URL")
        }
        if let fromSite, !Self.isSite(fromSite) {
            throw ValidationError("--from-site: '\(fromSite)' is not a site such as evil.example")
        }
        guard method == "GET" || method == "POST" else {
            throw ValidationError("--method: '\(method)' is not GET or POST")
        }
        if let now, Self.parseDate(now) == nil {
            throw ValidationError(
                "--now: '\(now)' is not an HTTP date (Wed, 09 Dec 2009 16:27:23 GMT) or ISO 8601 date-time "
                    + "(2011-01-01T00:00:00Z)"
            )
        }
    }

    func run() throws {
        let source = RequestURL(parsing: from)!
        let target = to.flatMap { source.resolving($0) } ?? source
        // The one place the real time is read: the jar's clock when --now is not given.
        let clock = now.flatMap(Self.parseDate) ?? Int64(Date().timeIntervalSince1970 * 1000)
        let explanation = CookieExplanation(
            receiving: setCookies, from: source, to: target, now: clock, fromSite: fromSite?.lowercased(),
            isGet: method == "GET")
        if explain {
            for line in explanation.lines { print(line) }
        } else if let header = explanation.header {
            print("Cookie: \(header)")
        }
    }

    /// A host name of at least two labels of letters, digits and `-`.
    static func isSite(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2
            && labels.allSatisfy { label in
                !label.isEmpty
                    && label.utf8.allSatisfy { $0 == UInt8(ascii: "-") || ($0 < 0x80 && isalnum(Int32($0)) != 0) }
            }
    }

    /// Unix milliseconds of an ISO 8601 date or date-time, or of an HTTP date.
    static func parseDate(_ text: String) -> Int64? {
        if let iso = ISODate.parse(text) { return iso }
        return CookieDate.parse(text).map { $0 * 1000 }
    }
}

/// `YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM]`, UTC when no offset is given.
enum ISODate {
    static func parse(_ text: String) -> Int64? {
        let chars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var value = 0
            for byte in chars[from..<from + count] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard chars.count >= 10, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
            let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            (1...12).contains(month), day >= 1, day <= CivilTime.daysIn(month: month, year: year)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var millis = 0
        var offset = 0
        var index = 10
        if index < chars.count, chars[index] == UInt8(ascii: "T") || chars[index] == UInt8(ascii: " ") {
            guard let h = number(index + 1, 2), chars.count > index + 3, chars[index + 3] == UInt8(ascii: ":"),
                let m = number(index + 4, 2), h <= 23, m <= 59
            else { return nil }
            hour = h
            minute = m
            index += 6
            if index < chars.count, chars[index] == UInt8(ascii: ":") {
                guard let s = number(index + 1, 2), s <= 60 else { return nil }
                second = min(s, 59)
                index += 3
                if index < chars.count, chars[index] == UInt8(ascii: ".") {
                    index += 1
                    var digits = 0
                    while index < chars.count, (0x30...0x39).contains(chars[index]) {
                        if digits < 3 { millis = millis * 10 + Int(chars[index] - 0x30) }
                        digits += 1
                        index += 1
                    }
                    guard digits > 0 else { return nil }
                    // Digits past the third are read and dropped (below a millisecond).
                    for _ in 0..<max(0, 3 - digits) { millis *= 10 }
                }
            }
        }
        if index < chars.count {
            if chars[index] == UInt8(ascii: "Z") {
                index += 1
            } else if chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") {
                guard let oh = number(index + 1, 2), chars.count >= index + 6, chars[index + 3] == UInt8(ascii: ":"),
                    let om = number(index + 4, 2)
                else { return nil }
                offset = (oh * 60 + om) * 60 * (chars[index] == UInt8(ascii: "+") ? 1 : -1)
                index += 6
            }
        }
        guard index == chars.count else { return nil }
        let seconds =
            CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).unixSeconds
            - Int64(offset)
        return seconds * 1000 + Int64(millis)
    }
}
