/// The cookie-date algorithm of RFC 6265 section 5.1.1: the forgiving parser browsers use
/// for `Expires`, which accepts the many date formats servers really send.
public enum CookieDate {
    /// Parses a cookie date into Unix seconds, or returns nil when the algorithm fails.
    public static func parse(_ text: some StringProtocol) -> Int64? {
        var foundTime: (Int, Int, Int)?
        var foundDay: Int?
        var foundMonth: Int?
        var foundYear: Int?

        for token in tokens(Array(text.utf8)) {
            if foundTime == nil, let time = matchTime(token) {
                foundTime = time
            } else if foundDay == nil, let day = matchDigits(token, min: 1, max: 2) {
                foundDay = day
            } else if foundMonth == nil, let month = matchMonth(token) {
                foundMonth = month
            } else if foundYear == nil, let year = matchDigits(token, min: 2, max: 4) {
                foundYear = year
            }
        }
        guard let (hour, minute, second) = foundTime, let day = foundDay,
            let month = foundMonth, var year = foundYear
        else { return nil }
        if year >= 70 && year <= 99 { year += 1900 }
        if year >= 0 && year <= 69 { year += 2000 }
        guard day >= 1, day <= 31, year >= 1601, hour <= 23, minute <= 59, second <= 59 else { return nil }
        // "the day-of-month-value is greater than the number of days in the month": fail.
        guard day <= CivilTime.daysIn(month: month, year: year) else { return nil }
        return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).unixSeconds
    }

    /// The delimiter set: %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E.
    static func isDelimiter(_ byte: UInt8) -> Bool {
        byte == 0x09 || (0x20...0x2F).contains(byte) || (0x3B...0x40).contains(byte)
            || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func tokens(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(whereSeparator: isDelimiter)
    }

    /// `1*2DIGIT` (or `2*4DIGIT`) followed by nothing or by a non-digit and anything.
    private static func leadingDigits(_ token: ArraySlice<UInt8>) -> (value: Int, count: Int, rest: ArraySlice<UInt8>) {
        var value = 0
        var count = 0
        var index = token.startIndex
        while index < token.endIndex, isDigit(token[index]), count < 5 {
            value = value * 10 + Int(token[index] - 0x30)
            count += 1
            index += 1
        }
        return (value, count, token[index...])
    }

    private static func matchDigits(_ token: ArraySlice<UInt8>, min: Int, max: Int) -> Int? {
        let (value, count, rest) = leadingDigits(token)
        guard count >= min, count <= max else { return nil }
        // After the digits comes nothing, or a non-digit and then anything.
        if let first = rest.first, isDigit(first) { return nil }
        return value
    }

    /// `hms-time ( non-digit *OCTET )` with `time-field = 1*2DIGIT`.
    private static func matchTime(_ token: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        var fields: [Int] = []
        var rest = token
        for index in 0..<3 {
            let (value, count, after) = leadingDigits(rest)
            guard count >= 1, count <= 2 else { return nil }
            fields.append(value)
            rest = after
            if index < 2 {
                guard rest.first == UInt8(ascii: ":") else { return nil }
                rest = rest.dropFirst()
            }
        }
        if let first = rest.first, isDigit(first) { return nil }
        return (fields[0], fields[1], fields[2])
    }

    private static let months: [[UInt8]] = CivilTime.monthNames.map { Array($0.lowercased().utf8) }

    /// `( "jan" / "feb" / ... ) *OCTET`, case-insensitively.
    private static func matchMonth(_ token: ArraySlice<UInt8>) -> Int? {
        guard token.count >= 3 else { return nil }
        let prefix = token.prefix(3).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        guard let index = months.firstIndex(of: prefix) else { return nil }
        return index + 1
    }
}
