/// Splits scenario source into lines of tokens, following the lexical rules of the
/// scenario language: `#` comments, blank lines, space- or tab-separated tokens, and
/// quoted strings with `\"` and `\\` escapes.
public struct Lexer {
    /// The longest line accepted, in bytes; longer lines are an error, not a slow parse.
    /// Long enough for a live recording's `send` of a 64 KiB form with every byte escaped.
    public static let maxLineBytes = 256 * 1024
    /// The largest scenario accepted, in bytes.
    public static let maxSourceBytes = 64 * 1024 * 1024

    /// UTF-8's byte-order mark, skipped at the start of a scenario.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    public let file: String

    public init(file: String) { self.file = file }

    /// A non-blank line: its number, its tokens, and its text without the comment.
    public struct Line: Equatable, Sendable {
        public var number: Int
        public var tokens: [Token]
        public var text: String
    }

    /// Checks that the bytes are UTF-8 and splits them into lines of tokens.
    public func lines(of bytes: [UInt8]) throws(Diagnostic) -> [Line] {
        guard bytes.count <= Self.maxSourceBytes else {
            throw Diagnostic(
                file: file, location: SourceLocation(line: 1, column: 1),
                message: "scenario is \(bytes.count) bytes; the limit is \(Self.maxSourceBytes)")
        }
        // A byte-order mark (some editors on Windows write one) is not part of the first statement.
        let bytes = bytes.starts(with: Self.byteOrderMark) ? Array(bytes.dropFirst(Self.byteOrderMark.count)) : bytes
        try validateUTF8(bytes)
        var result: [Line] = []
        var number = 0
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            var lineBytes = rawLine
            if lineBytes.last == UInt8(ascii: "\r") { lineBytes = lineBytes.dropLast() }
            guard lineBytes.count <= Self.maxLineBytes else {
                throw Diagnostic(
                    file: file, location: SourceLocation(line: number, column: 1),
                    message: "line is \(lineBytes.count) bytes long; the limit is \(Self.maxLineBytes)")
            }
            let (tokens, text) = try tokenize(String(decoding: lineBytes, as: UTF8.self), line: number)
            if !tokens.isEmpty { result.append(Line(number: number, tokens: tokens, text: text)) }
        }
        return result
    }

    /// Tokenizes one line (also used by the terminal UI's `:` line). It reads Unicode
    /// scalars, not characters: a combining mark after a quote or a `#` must not hide them.
    /// Columns count scalars.
    public func tokenize(_ line: String, line number: Int) throws(Diagnostic) -> ([Token], String) {
        var tokens: [Token] = []
        let scalars = Array(line.unicodeScalars)
        var index = 0
        var commentStart = scalars.count
        func location(_ i: Int) -> SourceLocation { SourceLocation(line: number, column: i + 1) }

        while index < scalars.count {
            let c = scalars[index]
            if c == " " || c == "\t" {
                index += 1
                continue
            }
            if c == "#" {
                commentStart = index
                break
            }
            let start = index
            var text = String.UnicodeScalarView()
            var raw = String.UnicodeScalarView()
            var quotedParts = 0
            var bareParts = 0
            while index < scalars.count {
                let c = scalars[index]
                if c == " " || c == "\t" || c == "#" { break }
                if c == "\"" {
                    let quoteStart = index
                    raw.append(c)
                    index += 1
                    var closed = false
                    while index < scalars.count {
                        let q = scalars[index]
                        raw.append(q)
                        index += 1
                        if q == "\\", index < scalars.count, scalars[index] == "\"" || scalars[index] == "\\" {
                            text.append(scalars[index])
                            raw.append(scalars[index])
                            index += 1
                        } else if q == "\"" {
                            closed = true
                            break
                        } else {
                            text.append(q)
                        }
                    }
                    guard closed else {
                        throw Diagnostic(
                            file: file, location: location(quoteStart),
                            message: "unterminated string (a quoted string needs a closing \")")
                    }
                    quotedParts += 1
                } else {
                    text.append(c)
                    raw.append(c)
                    bareParts += 1
                    index += 1
                }
            }
            tokens.append(
                Token(
                    text: String(text), raw: String(raw), isQuoted: quotedParts == 1 && bareParts == 0,
                    location: location(start)))
        }
        let text = String(String.UnicodeScalarView(scalars[..<commentStart])).trimmingWhitespace()
        return (tokens, text)
    }

    /// Finds the first byte that is not valid UTF-8 and reports its line and column.
    private func validateUTF8(_ bytes: [UInt8]) throws(Diagnostic) {
        var line = 1
        var column = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            var valid = length > 0 && index + length <= bytes.count
            if valid && length > 1 {
                for k in 1..<length where bytes[index + k] & 0xC0 != 0x80 { valid = false }
                if valid {
                    let second = bytes[index + 1]
                    if byte == 0xE0 && second < 0xA0 { valid = false }  // overlong
                    if byte == 0xED && second > 0x9F { valid = false }  // surrogates
                    if byte == 0xF0 && second < 0x90 { valid = false }  // overlong
                    if byte == 0xF4 && second > 0x8F { valid = false }  // beyond U+10FFFF
                }
            }
            guard valid else {
                throw Diagnostic(
                    file: file, location: SourceLocation(line: line, column: column),
                    message: "invalid UTF-8 (byte 0x\(Self.hex(byte))); scenarios are UTF-8 text")
            }
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index += length
        }
    }
}

extension Lexer {
    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
