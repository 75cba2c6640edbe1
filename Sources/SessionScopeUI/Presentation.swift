import SessionScopeScenario

/// How the user is looking at the run, beyond the panes' basics: scroll offsets, an open
/// branch off a walkthrough, a filter, a question waiting for an answer. Kept apart from
/// `AppModel`'s older fields so that each feature reads as one place.
public struct Presentation {
    /// Lines scrolled up (positive) or down (negative) from where the narration pane puts
    /// the start of the latest narration.
    public var narrationScroll = 0
    /// The first line shown on the help screen.
    public var helpScroll = 0
    /// The walkthrough as it was when the user acted mid-replay: the branch grows on the
    /// timeline, and returning restores this one where it was left.
    public var walkthrough: Timeline?
    /// The browsers and sessions filter (`/`): a part of a name, user or session id.
    public var filter = ""
    /// Whether the filter is being typed on the status line.
    public var editingFilter = false
    /// A question on the status line that needs an answer before anything else happens.
    public var confirmation: Confirmation?
    /// Statements the user ran since the last write (`w`); `q` asks first while there are some.
    public var unsavedActions = 0
    /// A full-screen view of what is selected (Enter), with its scroll offset.
    public var detail: Detail?
    public var detailScroll = 0
    /// The path the user agreed to overwrite (the next write there goes ahead).
    public var confirmedOverwrite: String?
    /// The screen blanked by a presenter remote (`b` or `.`), so the room looks at the speaker.
    public var blanked = false
    /// The step selected in the trace (`<` `=` or a click), by index; Enter opens it whole.
    public var traceSelection: Int?
    /// Rows scrolled down in the selected server's session table (`J` `K` or the wheel).
    public var serverScroll = 0
    /// Long work under way (a crowd, a rebuild from the start), shown on the status line.
    public var progress: WorkProgress?

    public init() {}
}

/// A question the status line asks; the answer keys are in `AppModel.answer(_:)`.
public enum Confirmation: Equatable {
    /// `q` with unsaved actions.
    case quit(unsaved: Int)
    /// `w` to a file that exists.
    case overwrite(path: String, text: String)
    /// A `cluster` line from the UI: it starts a new world.
    case cluster(String)
}

/// What the detail view shows.
public enum Detail: Equatable {
    case browser(String)
    case server(Int)
    /// A step of the trace, by index: the whole exchange, every header unabridged.
    case step(Int)
    /// Live mode with nginx or HAProxy: the engine's generated configuration (`LiveLink`).
    case engineConfig
}
