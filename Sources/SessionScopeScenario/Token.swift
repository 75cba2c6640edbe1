/// One token of a scenario line: a bare word or a quoted string (or a word with quoted parts).
public struct Token: Equatable, Sendable {
    /// The text with quotes removed and escapes resolved.
    public var text: String
    /// The token as written, quotes included (for messages that echo the source).
    public var raw: String
    /// Whether the whole token was one quoted string.
    public var isQuoted: Bool
    public var location: SourceLocation
}
