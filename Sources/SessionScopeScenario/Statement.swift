import SessionScopeCore

/// One parsed scenario line.
public struct Statement: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case title(String)
        /// Something that changes the world.
        case command(Command)
        /// Narration; `language` is nil for `say TEXT`.
        case say(language: String?, text: String)
        /// A chapter's end; `name` (from `pause "The balancer forgets"`) titles the chapter.
        case pause(name: String?)
        case expect(Expectation)
    }

    public var kind: Kind
    public var location: SourceLocation
    /// The line as written, without its comment.
    public var text: String

    public init(kind: Kind, location: SourceLocation, text: String) {
        self.kind = kind
        self.location = location
        self.text = text
    }
}

/// A parsed scenario file.
public struct Scenario: Equatable, Sendable {
    public var file: String
    public var statements: [Statement]

    public init(file: String, statements: [Statement]) {
        self.file = file
        self.statements = statements
    }

    /// The first `title`, if any.
    public var title: String? {
        for statement in statements { if case .title(let text) = statement.kind { return text } }
        return nil
    }
}
