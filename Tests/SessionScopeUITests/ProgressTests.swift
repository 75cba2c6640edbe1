import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import SessionScopeUI
import Testing

/// A replay of `source` (as the file `r.scn`) whose real stores come from `provider`.
func replayModel(_ source: String, stores provider: StoreProvider) throws -> AppModel {
    let scenario = try Parser.parse(file: "r.scn", source: source)
    return AppModel(
        timeline: try Timeline(file: scenario.file, statements: scenario.statements, storeFactory: provider.make),
        isReplay: true, colors: false)
}

/// The frames a reporter was shown, and a reporter that cancels after `cancelAfter` of them.
final class Frames {
    var shown: [AppModel] = []
    let cancelAfter: Int

    init(cancelAfter: Int = .max) { self.cancelAfter = cancelAfter }

    var reporter: ProgressReporter {
        ProgressReporter { frame in
            self.shown.append(frame)
            return self.shown.count < self.cancelAfter
        }
    }

    var progress: [WorkProgress] { shown.compactMap(\.ui.progress) }
}

@Test("a crowd shows its progress and Esc cancels it, leaving the world as before", arguments: ["local", "sqlite"])
func aCancelledCrowdLeavesTheWorldAsBefore(store: String) throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var model = try Golden.model(
        ["cluster store=\(store)", "browser alice", "alice login alice"], factory: provider.make)
    let before = View.render(model, width: 132, height: 40).text
    let statements = model.timeline.statements.map(\.text)
    let guests = model.world.guestCount
    let frames = Frames(cancelAfter: 4)
    model.progressReporter = frames.reporter
    model.runWithProgress("crowd 20000 login=on")
    // Shown while running: what runs and how far, four frames, the last after three reports
    // (every 1024 guests in memory, every 16 with a real store, where a guest takes a round trip).
    let every = store == "local" ? 1024 : 16
    let crowdFrames = frames.progress.filter { $0.work == .crowd("crowd 20000 login=on") }
    #expect(crowdFrames.map(\.done) == [0, every, 2 * every, 3 * every])
    #expect(crowdFrames.allSatisfy { $0.total == 20000 })
    let frame = View.render(frames.shown[2], width: 132, height: 40).text
    let done = store == "local" ? "2,048" : "32"
    #expect(frame.contains("crowd 20000 login=on: \(done) of 20,000 guests"), "\(frame)")
    #expect(frame.contains("% · Esc cancels"), "\(frame)")
    // Cancelled: nothing of it is left, in the model or (sqlite) in the real store.
    #expect(model.timeline.statements.map(\.text) == statements)
    #expect(model.world.guestCount == guests)
    #expect(model.world.browsers.count == 1)
    #expect(model.message?.text == "crowd cancelled: the world is as it was before it")
    model.message = nil
    let after = View.render(model, width: 132, height: 40).text
    // Only a real store's name may differ: it is a fresh one, with the same sessions.
    let changed = zip(before.split(separator: "\n"), after.split(separator: "\n"))
        .filter { $0 != $1 && !($0.contains("Store: sqlite /tmp/") && $1.contains("Store: sqlite /tmp/")) }
    #expect(changed.isEmpty, "\(changed)")
    if store == "sqlite" {
        #expect(try model.world.store.count() == 1)
        // The rebuild into a fresh store said how far it was.
        #expect(frames.progress.contains { if case .rebuilding = $0.work { true } else { false } })
    }
    // And the same crowd not cancelled runs to the end.
    let full = Frames()
    model.progressReporter = full.reporter
    model.runWithProgress("crowd 40")
    #expect(model.world.guestCount == guests + 40)
    #expect(full.progress.map(\.done) == (store == "local" ? [0] : [0, 16, 32]))
}

@Test func escDuringACrowdInTheAppCancelsIt() throws {
    // Esc waits behind the typed line: the app reads it while the crowd runs.
    let keys = HeadlessTerminal.keys(":browser alice\n:crowd 50000\n") + [.key(.escape)]
    let (app, terminal) = try headlessApp(keys)
    app.run(stopWhenIdle: true)
    #expect(app.model.world.guestCount == 0)
    #expect(app.model.timeline.statements.map(\.text) == ["browser alice"])
    #expect(terminal.presented.contains { $0.text.contains("crowd 50000: 0 of 50,000 guests") })
    #expect(try #require(terminal.lastScreen).text.contains("crowd cancelled"))
}

@Test func steppingBackWithARealStoreSaysItRebuildsAndHowFar() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var model = try replayModel(
        "cluster store=sqlite\nbrowser alice\nalice login alice\nalice get /me\nalice get /me\n", stores: provider)
    model.showLatency = false
    model.seek(5)
    let frames = Frames()
    model.progressReporter = frames.reporter
    model.handle(.key(.left))
    #expect(model.timeline.position == 4)
    // The first frame (0) is drawn before the fresh store is made.
    #expect(frames.progress.map(\.done) == [0, 1, 2, 3, 4])
    #expect(frames.progress.allSatisfy { $0.total == 4 })
    let frame = View.render(frames.shown[2], width: 132, height: 40).text
    #expect(frame.contains("going back: replaying 4 steps in a fresh sqlite store: 2 █████░░░░░"), "\(frame)")
    #expect(model.message?.text.hasPrefix("rebuilt from the start in a fresh store: sqlite /") == true)
    #expect(try model.world.store.count() == 1)
    // Korean says the same.
    var koFrame = frames.shown[2]
    koFrame.language = "ko"
    #expect(View.render(koFrame, width: 132, height: 40).text.contains("되돌아가는 중: 새 sqlite 저장소에서 4단계를 다시 실행합니다: 2"))
}

@Test func steppingBackWithRedisSaysWhetherTheStoreIsNewProcessesOrANewKeySpace() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var settings = ClusterSettings()
    settings.store = .redis
    var model = try Golden.model(["browser alice", "alice login alice"], settings: settings, factory: provider.make)
    let label = model.world.store.label
    model.handle(.key(.left))
    #expect(model.timeline.position == 1)
    let text = try #require(model.message?.text)
    // Today's private Redis is kept and the run moves to a new key space; a store helper that
    // starts new processes for a fresh world gets the other message, with the new address.
    if model.world.store.label == label {
        #expect(text == "rebuilt from the start in a fresh key space of \(label)")
    } else {
        #expect(text == "rebuilt from the start with fresh store processes: \(model.world.store.label)")
    }
}

@Test func returningFromABranchWithARealStoreShowsTheRebuild() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var model = try replayModel(
        "cluster store=sqlite\nbrowser alice\nalice login alice\nalice get /me\n", stores: provider)
    model.seek(3)
    model.handle(.key(.character("g")))
    #expect(model.inBranch)
    let frames = Frames()
    model.progressReporter = frames.reporter
    model.handle(.key(.escape))
    #expect(!model.inBranch)
    #expect(model.timeline.position == 3)
    #expect(frames.progress.map(\.done) == [1, 2, 3])
    #expect(try model.world.store.count() == 1)
}

@Test func cancellingACrowdDuringARewindKeepsTheWorldWithoutARebuild() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var model = try replayModel(
        "cluster store=sqlite\nbrowser alice\ncrowd 200\nalice login alice\n", stores: provider)
    model.seek(4)
    let label = model.world.store.label
    let sessions = try model.world.store.count()
    // Going back rebuilds from the start; Esc in the crowd on the way cancels the step back.
    let frames = Frames(cancelAfter: 4)
    model.progressReporter = frames.reporter
    model.handle(.key(.left))
    #expect(model.timeline.position == 4)
    #expect(model.world.store.label == label, "the old store is intact: no rebuild")
    #expect(try model.world.store.count() == sessions)
    #expect(model.message?.text == "crowd cancelled: the world is as it was before it")
    #expect(!frames.progress.contains { $0.work == .rebuilding(store: "sqlite") && $0.done == 4 })
}
