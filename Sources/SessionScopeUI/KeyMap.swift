/// Everything a key can do.
public enum Action: Hashable, Sendable {
    case newBrowser, nextBrowser, previousBrowser, nextServer, previousServer
    case visitRoot, visitMe, login, logout, closeBrowser, reopenBrowser, steal, clearJar, tamper, together
    case killServer, startServer, toggleStore
    case advance1m, advance10m, advance31m, toggleClock, faster, slower
    case changeCluster, commandLine, record
    case stepForward, stepBack, rewind, toEnd, play, previousChapter, nextChapter
    case scrollTraceUp, scrollTraceDown, scrollNarrationUp, scrollNarrationDown, scrollServerUp, scrollServerDown
    case filter, openDetail, blank, engineConfig
    case help, quit, back
}

/// One binding: the key, its label in the key bar and help, what it does, and where it shows.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var label: String
    public var help: String
    public var action: Action
    /// Shown in the bottom key bar (the most used ones).
    public var inKeyBar: Bool
    public var group: String
    /// Where it comes in the key bar: higher ranks only where there is room after the others.
    public var keyBarRank = 0
}

/// The one table that drives key dispatch, the `?` help screen and the key bar.
public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding(
            keys: [.character("n")], label: "n", help: "new browser", action: .newBrowser, inKeyBar: true,
            group: "Browsers"),
        KeyBinding(
            keys: [.tab, .down, .character("j")], label: "Tab/↓", help: "select next browser", action: .nextBrowser,
            inKeyBar: false, group: "Browsers"),
        KeyBinding(
            keys: [.backTab, .up, .character("k")], label: "S-Tab/↑", help: "select previous browser",
            action: .previousBrowser, inKeyBar: false, group: "Browsers"),
        KeyBinding(
            keys: [.character("v")], label: "v", help: "visit / (GET /)", action: .visitRoot, inKeyBar: true,
            group: "Browsers"),
        KeyBinding(
            keys: [.character("g")], label: "g", help: "visit /me (GET /me)", action: .visitMe, inKeyBar: true,
            group: "Browsers"),
        KeyBinding(
            keys: [.character("l")], label: "l", help: "log in (asks for user and password)", action: .login,
            inKeyBar: true, group: "Browsers"),
        KeyBinding(
            keys: [.character("o")], label: "o", help: "log out", action: .logout, inKeyBar: true, group: "Browsers"),
        KeyBinding(
            keys: [.character("c")], label: "c", help: "close the browser (session cookies go)", action: .closeBrowser,
            inKeyBar: true, group: "Browsers"),
        KeyBinding(
            keys: [.character("r")], label: "r", help: "reopen the browser", action: .reopenBrowser, inKeyBar: false,
            group: "Browsers"),
        KeyBinding(
            keys: [.character("s")], label: "s", help: "steal another browser's cookies (asks whose, then how)",
            action: .steal, inKeyBar: true, group: "Browsers", keyBarRank: 1),
        KeyBinding(
            keys: [.character("e")], label: "e", help: "empty the cookie jar", action: .clearJar, inKeyBar: false,
            group: "Browsers"),
        KeyBinding(
            keys: [.character("a")], label: "a", help: "two requests at once (asks which: together)",
            action: .together, inKeyBar: true, group: "Browsers", keyBarRank: 1),
        KeyBinding(
            keys: [.character("T")], label: "T", help: "tamper with the token (asks: CLAIM=VALUE or alg=none)",
            action: .tamper, inKeyBar: true, group: "Browsers", keyBarRank: 1),
        KeyBinding(
            keys: [.character("]")], label: "]", help: "select next server", action: .nextServer, inKeyBar: false,
            group: "Servers and store"),
        KeyBinding(
            keys: [.character("[")], label: "[", help: "select previous server", action: .previousServer,
            inKeyBar: false, group: "Servers and store"),
        KeyBinding(
            keys: [.character("x")], label: "x", help: "kill the selected server", action: .killServer, inKeyBar: true,
            group: "Servers and store"),
        KeyBinding(
            keys: [.character("u")], label: "u", help: "start the selected server", action: .startServer,
            inKeyBar: false, group: "Servers and store"),
        KeyBinding(
            keys: [.character("J")], label: "J", help: "scroll the selected server's sessions down",
            action: .scrollServerDown, inKeyBar: false, group: "Servers and store"),
        KeyBinding(
            keys: [.character("K")], label: "K", help: "scroll the selected server's sessions up",
            action: .scrollServerUp, inKeyBar: false,
            group: "Servers and store"),
        KeyBinding(
            keys: [.character("d")], label: "d", help: "store down / store up", action: .toggleStore, inKeyBar: false,
            group: "Servers and store"),
        KeyBinding(
            keys: [.character("C")], label: "C", help: "change the cluster settings (edits a cluster line)",
            action: .changeCluster, inKeyBar: false, group: "Servers and store"),
        KeyBinding(
            keys: [.character("+")], label: "+", help: "advance the clock 1 minute", action: .advance1m, inKeyBar: true,
            group: "Time"),
        KeyBinding(
            keys: [.character(">")], label: ">", help: "advance the clock 10 minutes", action: .advance10m,
            inKeyBar: false, group: "Time"),
        KeyBinding(
            keys: [.character(")")], label: ")", help: "advance the clock 31 minutes (past the idle timeout)",
            action: .advance31m, inKeyBar: false, group: "Time"),
        KeyBinding(
            keys: [.character("t")], label: "t", help: "let virtual time run / pause it", action: .toggleClock,
            inKeyBar: false, group: "Time"),
        KeyBinding(
            keys: [.character("f")], label: "f", help: "run the clock faster", action: .faster, inKeyBar: false,
            group: "Time"),
        KeyBinding(
            keys: [.character("F")], label: "F", help: "run the clock slower", action: .slower, inKeyBar: false,
            group: "Time"),
        KeyBinding(
            keys: [.right, .character(" ")], label: "→/Space", help: "step forward", action: .stepForward,
            inKeyBar: false, group: "Timeline"),
        KeyBinding(keys: [.left], label: "←", help: "step back", action: .stepBack, inKeyBar: false, group: "Timeline"),
        KeyBinding(
            keys: [.home], label: "Home", help: "back to the start", action: .rewind, inKeyBar: false, group: "Timeline"
        ),
        KeyBinding(keys: [.end], label: "End", help: "to the end", action: .toEnd, inKeyBar: false, group: "Timeline"),
        KeyBinding(
            keys: [.character("p")], label: "p", help: "play / pause the replay", action: .play, inKeyBar: false,
            group: "Timeline"),
        KeyBinding(
            keys: [.pageUp], label: "PgUp", help: "previous chapter (pause)", action: .previousChapter, inKeyBar: false,
            group: "Timeline"),
        KeyBinding(
            keys: [.pageDown], label: "PgDn", help: "next chapter (pause)", action: .nextChapter, inKeyBar: false,
            group: "Timeline"),
        KeyBinding(
            keys: [.character("<")], label: "<", help: "select the previous step in the trace (Enter opens it whole)",
            action: .scrollTraceUp, inKeyBar: false, group: "Timeline"),
        KeyBinding(
            keys: [.character("=")], label: "=", help: "select the next step in the trace (past the last: none)",
            action: .scrollTraceDown, inKeyBar: false, group: "Timeline"),
        KeyBinding(
            keys: [.character("b"), .character(".")], label: "b .", help: "blank the screen (presenter remotes)",
            action: .blank, inKeyBar: false, group: "Timeline"),
        KeyBinding(
            keys: [.character("{")], label: "{", help: "scroll the chapter's narration back",
            action: .scrollNarrationUp, inKeyBar: false, group: "Timeline"),
        KeyBinding(
            keys: [.character("}")], label: "}", help: "scroll the narration forward", action: .scrollNarrationDown,
            inKeyBar: false, group: "Timeline"),
        KeyBinding(
            keys: [.enter], label: "Enter",
            help: "details of the selected trace step (the whole exchange) or browser (whole jar, decoded token)",
            action: .openDetail, inKeyBar: false, group: "General"),
        KeyBinding(
            keys: [.character("/")], label: "/", help: "filter browsers and sessions by name, user or id",
            action: .filter, inKeyBar: false, group: "General"),
        KeyBinding(
            keys: [.character(":")], label: ":", help: "command line: any scenario statement", action: .commandLine,
            inKeyBar: true, group: "General"),
        KeyBinding(
            keys: [.character("E")], label: "E",
            help: "the engine's generated configuration (live mode with nginx or HAProxy; Esc closes it)",
            action: .engineConfig, inKeyBar: false, group: "General"),
        KeyBinding(
            keys: [.character("w")], label: "w", help: "write what was done as a .scn file", action: .record,
            inKeyBar: false, group: "General"),
        KeyBinding(keys: [.character("?")], label: "?", help: "help", action: .help, inKeyBar: true, group: "General"),
        KeyBinding(
            keys: [.escape], label: "Esc", help: "back out (of a filter, a message, a branch)", action: .back,
            inKeyBar: false, group: "General"),
        KeyBinding(
            keys: [.character("q"), .control("c")], label: "q", help: "quit", action: .quit, inKeyBar: true,
            group: "General"),
    ]

    private static let index: [Key: Action] = {
        var map: [Key: Action] = [:]
        for binding in bindings { for key in binding.keys { map[key] = binding.action } }
        return map
    }()

    public static func action(for key: Key) -> Action? { index[key] }

    /// The key bar: the labels and short help of the bindings marked for it.
    public static var keyBar: [(String, String)] { keyBar(language: "en") }

    /// The key bar in a language.
    static func keyBar(language: String) -> [(String, String)] {
        // Stable: bindings of one rank keep the table's order.
        bindings.filter(\.inKeyBar).enumerated().sorted {
            ($0.element.keyBarRank, $0.offset) < ($1.element.keyBarRank, $1.offset)
        }
        .map { ($0.element.label, shortHelp(L10n.help($0.element, language))) }
    }

    static func shortHelp(_ help: String) -> String {
        let cut = help.split(separator: " (").first.map(String.init) ?? help
        return cut.replacingAll("visit /me", "/me").replacingAll("visit /", "visit")
    }
}
