import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import SessionScopeUI
import Testing

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
    #expect(View.render(model, width: 80, height: 24).text.contains("y runs it, n or Esc keeps the world"))
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
    #expect(frame.contains("waiting until the servers use the new primary"), "\(frame)")
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
        #expect(!text.contains("waiting until the servers use the new primary"), "\(text)")
    }
    var ko = frames.shown[0]
    ko.language = "ko"
    #expect(View.render(ko, width: 80, height: 24).text.contains("되돌아가는 중: 저장소 프로세스를 새로 띄우고 4단계를"))
}
