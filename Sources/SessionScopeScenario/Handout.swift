import SessionScopeCore

/// A Markdown handout of a replay: for each chapter (the statements between `pause`s) the
/// narration in the chosen language, the exchanges and transitions, and the state tables at
/// the chapter's end.
public struct Handout {
    public var language: String
    public var showLatency: Bool
    /// A step's exchange lines; nil writes the transcript's (English). The terminal UI gives
    /// its trace pane's, so that `--lang ko` reads Korean as the HTML handout does
    /// (`Handout.onScreen` in SessionScopeUI).
    public var exchangeLines: ((Step) -> [String])?

    public init(language: String = "en", showLatency: Bool = false, exchangeLines: ((Step) -> [String])? = nil) {
        self.language = language
        self.showLatency = showLatency
        self.exchangeLines = exchangeLines
    }

    /// Runs the scenario and returns the handout.
    public func render(
        _ scenario: Scenario, overrides: [(String, String)] = [],
        storeFactory: @escaping StoreFactory = inMemoryStore
    ) throws(Diagnostic) -> String {
        var run = try ScenarioRun(scenario: scenario, overrides: overrides, storeFactory: storeFactory)
        let visible = NarrationFilter.visible(scenario.statements, language: language)
        let transcript = Transcript(scenario: scenario, language: language, showLatency: showLatency)
        var out = "# \(scenario.title ?? scenario.file)\n\n"
        var chapter = 1
        var narration: [String] = []
        var trace: [String] = []

        func closeChapter(_ world: World, name: String? = nil) {
            guard !narration.isEmpty || !trace.isEmpty else { return }
            // "1장", never "장 1": the number comes first in Korean.
            let heading = language == "ko" ? "\(chapter)장" : "Chapter \(chapter)"
            out += "## \(heading)\(name.map { ": " + $0 } ?? "")\n\n"
            for paragraph in narration { out += paragraph + "\n\n" }
            if !trace.isEmpty { out += "```text\n" + trace.joined(separator: "\n") + "\n```\n\n" }
            out += stateTables(world)
            chapter += 1
            narration = []
            trace = []
        }

        while let step = try run.step() {
            switch step.statement.kind {
            case .title: continue
            case .pause(let name): closeChapter(run.world, name: name)
            case .say(_, let text): if visible.contains(step.index) { narration.append(text) }
            default: trace += exchangeLines?(step) ?? transcript.lines(for: step, file: scenario.file)
            }
        }
        closeChapter(run.world)
        return out
    }

    /// Browsers, servers and the store at this point, as Markdown tables.
    func stateTables(_ world: World) -> String {
        let w = { (english: String) in language == "ko" ? Self.korean[english] ?? english : english }
        var out = "| \(w("browser")) | \(w("open")) | \(w("cookies")) | \(w("last status")) | \(w("user")) |\n"
        out += "|---|---|---|---|---|\n"
        for browser in world.browsers.prefix(20) {
            let cookies = browser.jar.cookies.map { "`\($0.name)=\(EventText.abbreviate($0.value, limit: 12))`" }
                .joined(separator: " ")
            out +=
                "| \(browser.name) | \(w(browser.isOpen ? "yes" : "no")) | \(cookies.isEmpty ? "–" : cookies) | "
                + "\(browser.last?.status.map(String.init) ?? "–") | \(browser.last?.user ?? "–") |\n"
        }
        if world.browsers.count > 20 {
            let more = language == "ko" ? "외 \(world.browsers.count - 20)개" : "\(world.browsers.count - 20) more"
            out += "| … \(more) | | | | |\n"
        }
        out += "\n| \(w("server")) | \(w("up")) | \(w("sessions")) | \(w("memory")) |\n|---|---|---|---|\n"
        for server in world.servers {
            out +=
                "| \(server.name) | \(w(server.isUp ? "up" : "down")) | \(server.table.count) | "
                + "\(server.table.memoryBytes) B |\n"
        }
        if world.settings.store.isShared {
            let number = world.sharedStoreCount()
            let count = number.map(String.init) ?? w("unreadable")
            let state = w(world.storeIsUp ? "up" : "down")
            let noun = number == 1 ? "session" : "sessions"
            out +=
                language == "ko"
                ? "\n저장소 (\(world.settings.store.rawValue)): \(state), 세션 \(count)개.\n"
                : "\nStore (\(world.settings.store.rawValue)): \(state), \(count) \(noun).\n"
            // 1.1: each node's role now (after a failover the promoted replica is the primary),
            // its replication offset and link.
            let nodes = world.primaryReplicaStore?.replicationNodes() ?? []
            if !nodes.isEmpty {
                let roles = nodes.map { Self.nodeText($0, word: w) }.joined(separator: ", ")
                out += language == "ko" ? "노드: \(roles).\n" : "Nodes: \(roles).\n"
            }
        }
        return out + "\n"
    }

    /// One node of a store with replicas (1.1), as its role and replication offset.
    static func nodeText(_ node: StoreNode, word w: (String) -> String) -> String {
        let name = "store-\(node.number)"
        let offset = "\(w("offset")) \(node.offset.map(String.init) ?? "?")"
        switch node.role {
        case .down: return "\(name) \(w("down"))"
        case .primary: return "\(name) \(w("primary")) (\(offset))"
        case .replica:
            let link = w(node.stalled ? "link stalled" : node.linkUp == true ? "link up" : "link down")
            return "\(name) \(w("replica")) (\(offset), \(link))"
        }
    }

    /// The tables' words in Korean (the headings are "1장", never "장 1").
    static let korean: [String: String] = [
        "browser": "브라우저", "open": "열림", "cookies": "쿠키", "last status": "마지막 응답", "user": "사용자",
        "yes": "예", "no": "아니요", "server": "서버", "up": "동작 중", "down": "멈춤", "sessions": "세션",
        "memory": "메모리", "unreadable": "읽을 수 없음", "primary": "프라이머리", "replica": "레플리카",
        "offset": "오프셋", "link up": "연결됨", "link down": "연결 끊김", "link stalled": "복제 멈춤",
    ]
}
