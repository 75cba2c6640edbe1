import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import Testing

@testable import SessionScopeUI

/// What an instructor's tryout found wrong in the replay UI, each pinned by a test.

private let twoChapters = """
    browser alice
    say en "chapter one in English"
    say ko "첫째 장"
    pause "One"
    say en "chapter two in English"
    say ko "둘째 장"
    alice get /
    pause "Two"
    """

@Test(arguments: ["en", "ko"])
func aChapterStopShowsThatChaptersNarrationNeverTheNextOnes(language: String) throws {
    let scenario = try Parser.parse(file: "c.scn", source: twoChapters)
    var model = try replayModel(scenario.statements, language: language)
    model.handle(.key(.pageDown))
    #expect(model.timeline.position == 4)
    let pane = narrationText(View.render(model, width: 80, height: 24))
    #expect(pane.contains(language == "en" ? "chapter one in English" : "첫째 장"), "\(pane)")
    #expect(!pane.contains("chapter two") && !pane.contains("둘째"), "\(pane)")
    // Stepping onto the next chapter's line shows it, as the latest run.
    model.handle(.key(.right))
    let next = narrationText(View.render(model, width: 80, height: 24))
    #expect(next.contains(language == "en" ? "chapter two in English" : "둘째 장"), "\(next)")
}

@Test func nextOnTheStatusLinePassesOverTheOtherLanguagesNarration() throws {
    let scenario = try Parser.parse(file: "c.scn", source: twoChapters)
    var model = try replayModel(scenario.statements, language: "en")
    model.handle(.key(.pageDown))
    model.handle(.key(.right))
    #expect(model.timeline.position == 5)
    var status = View.render(model, width: 80, height: 24).text.split(separator: "\n").dropLast().last ?? ""
    #expect(status.contains("next: line 7: alice get /"), "\(status)")
    // In Korean, the English line is what is passed over.
    model = try replayModel(scenario.statements, language: "ko")
    model.handle(.key(.pageDown))
    status = View.render(model, width: 80, height: 24).text.split(separator: "\n").dropLast().last ?? ""
    #expect(status.contains("say ko"), "\(status)")
    #expect(!status.contains("say en"), "\(status)")
}

@Test func theClusterQuestionTakesOnlyYNOrEscAndKeepsOtherKeysFromActing() throws {
    var model = try Golden.model(["browser alice", "alice login alice"])
    for key in HeadlessTerminal.keys(":cluster servers=3\n") { model.handle(key) }
    #expect(model.ui.confirmation != nil)
    // A `:` and a line typed next are not hotkeys: `c` would close, `o` log out, `w` write.
    for key in HeadlessTerminal.keys(":crowd 5000") { model.handle(key) }
    #expect(model.ui.confirmation != nil)
    #expect(model.mode == .normal)
    #expect(model.world.browsers.count == 1)
    #expect(model.world.browsers[0].isOpen)
    #expect(model.pendingWrite == nil)
    #expect(View.render(model, width: 80, height: 24).text.contains("y runs it, n or Esc keeps it"))
    model.handle(.key(.character("n")))
    #expect(model.ui.confirmation == nil)
    #expect(model.world.servers.count == 2)
    for key in HeadlessTerminal.keys(":cluster servers=3\n") { model.handle(key) }
    model.handle(.key(.escape))
    #expect(model.ui.confirmation == nil)
    #expect(model.world.servers.count == 2)
    for key in HeadlessTerminal.keys(":cluster servers=3\n") { model.handle(key) }
    model.handle(.key(.enter))
    #expect(model.ui.confirmation != nil, "Enter is not an answer")
    model.handle(.key(.character("y")))
    #expect(model.world.servers.count == 3)
}

private let redisAvailable =
    FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server")
    || ProcessInfo.processInfo.environment["CI"] == "true"

@Test(.enabled(if: redisAvailable))
func playPastAFailoverSaysItIsWaitingAndGoesOnPlaying() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    let scenario = try Parser.parse(
        file: "f.scn",
        source: """
            cluster store=redis replicas=1
            browser alice
            alice login alice
            pause "Before"
            store failover
            alice get /me
            alice get /me
            """)
    let timeline = try Timeline(file: "f.scn", statements: scenario.statements, storeFactory: provider.make)
    var model = AppModel(timeline: timeline, isReplay: true, colors: false)
    model.handle(.key(.pageDown))
    #expect(model.timeline.position == 4)
    model.handle(.key(.character("p")))
    model.playTick()
    // The failover is pending: its waiting frame is drawn first, and play has not stopped.
    #expect(model.pendingSeek == 5)
    #expect(model.playing)
    let frame = View.render(model, width: 132, height: 40).text
    #expect(frame.contains("waiting until the servers use the new one"), "\(frame)")
    #expect(!frame.contains("pause: → or p to go on"), "\(frame)")
    // What the app does next, then the following ticks: play goes on to the end.
    let target = try #require(model.pendingSeek)
    model.pendingSeek = nil
    model.performSeek(target)
    #expect(model.timeline.position == 5)
    #expect(model.playing)
    model.playTick()
    model.playTick()
    #expect(model.timeline.isAtEnd)
    #expect(!model.playing)
}

@Test(.enabled(if: redisAvailable))
func steppingBackOverAFailoverSaysItStartsFreshProcessesNotThatItWaits() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    let scenario = try Parser.parse(
        file: "f.scn",
        source: "cluster store=redis replicas=1\nbrowser alice\nalice login alice\nstore failover\nalice get /me\n")
    let timeline = try Timeline(file: "f.scn", statements: scenario.statements, storeFactory: provider.make)
    var model = AppModel(timeline: timeline, isReplay: true, colors: false)
    model.performSeek(5)
    let frames = Frames()
    model.progressReporter = frames.reporter
    model.handle(.key(.left))
    // No waiting frame of the failover: the step back is not pending, it runs with its frames.
    #expect(model.pendingSeek == nil)
    #expect(model.timeline.position == 4)
    // The first frame comes before any process is started.
    #expect(frames.progress.first?.done == 0)
    #expect(frames.progress.map(\.done).suffix(4) == [1, 2, 3, 4])
    let first = View.render(frames.shown[0], width: 80, height: 24).text
    #expect(first.contains("going back: starting fresh store processes and replaying 4 steps: 0"), "\(first)")
    for frame in frames.shown {
        let text = View.render(frame, width: 132, height: 40).text
        #expect(!text.contains("waiting until the servers use the new one"), "\(text)")
    }
    var ko = frames.shown[0]
    ko.language = "ko"
    #expect(View.render(ko, width: 80, height: 24).text.contains("되돌아가는 중: 저장소 프로세스를 새로 띄워 4단계"))
}

@Test func withASharedStoreTheServerPanesTakeOneLineAndTheTraceGetsTheRows() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    let steps = ["browser alice", "alice login alice", "alice get /me", "alice get /me"]
    var settings = ClusterSettings()
    let local = try Golden.model(steps)
    settings.store = .sqlite
    let shared = try Golden.model(steps, settings: settings, factory: provider.make)
    func traceRows(_ model: AppModel) -> Int {
        let rows = View.render(model, width: 80, height: 24).text.split(separator: "\n").map(String.init)
        guard let top = rows.firstIndex(where: { $0.hasPrefix("┌ Trace") }) else { return 0 }
        return rows[(top + 1)...].prefix { $0.hasPrefix("│") }.count
    }
    #expect(traceRows(shared) == traceRows(local) + 2)
    let screen = View.render(shared, width: 80, height: 24).text
    #expect(screen.contains("sessions live in the store"), "\(screen)")
}

@Test func nodeLinesFitANarrowStorePane() {
    let replica = StoreNode(number: 2, role: .replica, offset: 1377, linkUp: true, stalled: true)
    let full = StorePane.nodeLine(replica, changed: false, language: "en")
    #expect(full.plainText == "store-2 replica offset 1377  lag: link stalled")
    let narrow = StorePane.nodeLine(replica, changed: false, language: "en", width: 28)
    #expect(narrow.plainText == "store-2 replica 1377 stalled")
    let narrower = StorePane.nodeLine(replica, changed: false, language: "en", width: 26)
    #expect(narrower.plainText == "store-2 repl 1377 stalled")
    let ko = StorePane.nodeLine(replica, changed: false, language: "ko", width: 28)
    #expect(DisplayWidth.of(ko.plainText) <= 28, "\(ko.plainText)")
    #expect(ko.plainText.contains("멈춤"))
}

@Test func theStorePaneNamesTheRedisSettingsAndTheHeaderPutsThemFirst() throws {
    var settings = ClusterSettings()
    settings.store = .redis
    settings.maxMemory = 2 << 20
    settings.eviction = .allkeysLRU
    settings.replicas = 2
    settings.sentinel = true
    var model = try Golden.model([])
    model.timeline = try Timeline(file: "s", settings: settings, storeFactory: { LocalStore(rules: $0.expiryRules) })
    model.storeUsedMemory = 2_000_000
    #expect(StorePane.redisSettings(model) == "maxmemory 2mb (used 1.9mb) · allkeys-lru · 2 replicas · sentinel")
    model.language = "ko"
    #expect(StorePane.redisSettings(model).contains("(사용 1.9mb)"))
    #expect(Header.summary(settings).hasPrefix("store=redis maxmemory=2mb eviction=allkeys-lru replicas=2 sentinel=on"))
    #expect(Header.summary(ClusterSettings()) == ClusterSettings().summary)
    #expect(StorePane.megabytes(640 * 1024) == "640kb")
}

@Test func theEngineConfigurationIsAKeyOfTheKeyMapInLiveModeOnly() throws {
    var model = try Golden.model(["browser alice"])
    // Without an engine's configuration the key is neither in the help nor the key bar.
    model.mode = .help
    #expect(!View.render(model, width: 132, height: 40).text.contains("generated configuration"))
    model.mode = .normal
    model.handle(.key(.character("E")))
    #expect(model.ui.detail == nil)
    #expect(model.message?.text.hasPrefix("no engine configuration") == true)
    let config = (1...80).map { "line \($0);" }.joined(separator: "\n")
    model.live = LiveLink(
        url: "http://127.0.0.1:1", execute: { _ in nil }, takeLines: { [] }, observed: { [:] }, recording: { "" },
        engineConfig: { config })
    var screen = View.render(model, width: 132, height: 40).text
    // The key first; the policy without its label, since the pane is too narrow for both.
    #expect(screen.contains("E config │ round-robin "), "\(screen)")
    #expect(screen.split(separator: "\n").last?.contains("E config") == true, "\(screen)")
    model.mode = .help
    #expect(View.render(model, width: 132, height: 40).text.contains("the engine's generated configuration"))
    model.mode = .normal
    // A prompt takes E as a letter.
    model.handle(.key(.character("l")))
    model.handle(.key(.character("E")))
    #expect(model.ui.detail == nil)
    model.handle(.key(.escape))
    model.handle(.key(.character("E")))
    #expect(model.ui.detail == .engineConfig)
    screen = View.render(model, width: 132, height: 40).text
    #expect(screen.contains("line 1;") && !screen.contains("line 80;"), "\(screen)")
    model.handle(.key(.end))
    screen = View.render(model, width: 132, height: 40).text
    #expect(screen.contains("line 80;"), "\(screen)")
    model.handle(.key(.escape))
    #expect(model.ui.detail == nil)
}

@Test func theHandoutSaysOneSessionAndTheNodesRoles() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    let scenario = try Parser.parse(
        file: "h.scn", source: "cluster store=sqlite\nbrowser alice\nalice login alice\n")
    let text = try Handout().render(scenario, storeFactory: provider.make)
    #expect(text.contains("Store (sqlite): up, 1 session."), "\(text)")
}

@Test(.enabled(if: redisAvailable))
func nodeLinesAreReadAgainWhileAReplicaReportsItsLinkDown() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var settings = ClusterSettings()
    settings.store = .redis
    settings.replicas = 1
    var model = try Golden.model(["browser alice", "alice login alice"], settings: settings, factory: provider.make)
    // Nothing to settle: no read.
    var read = model.rereadSettlingStoreNodes()
    #expect(!read)
    // As after a failover, before Sentinel repointed the replica: the pane said "link down".
    model.storeNodes[1].linkUp = false
    read = model.rereadSettlingStoreNodes()
    #expect(read)
    #expect(model.storeNodes[1].linkUp == true, "\(model.storeNodes)")
}
