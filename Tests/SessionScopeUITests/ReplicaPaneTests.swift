import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import SessionScopeUI
import Testing

/// The store pane of `store=redis replicas=N`: each node's role and replication offset, read
/// from the real processes; a stalled link and a killed primary are shown as such.
@Test(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server")
            || ProcessInfo.processInfo.environment["CI"] == "true"))
func theStorePaneShowsPrimaryReplicasTheirOffsetsAndTheLag() throws {
    let provider = StoreProvider()
    var pids: [Int32] = []
    defer {
        provider.shutdown()
        for pid in pids { #expect(stopped(pid), "redis-server \(pid) outlived the test") }
    }
    var settings = ClusterSettings()
    settings.store = .redis
    settings.replicas = 2
    var model = try Golden.model(["browser alice", "alice login alice"], settings: settings, factory: provider.make)
    pids = (model.world.store as? RedisStore)?.replicationTopology?.processIdentifiers ?? []
    #expect(pids.count == 3)
    var screen = View.render(model, width: 132, height: 40).text
    #expect(screen.contains("store-1 primary offset "), "\(screen)")
    #expect(screen.contains("store-2 replica offset "), "\(screen)")
    #expect(screen.contains("store-3 replica offset "), "\(screen)")
    #expect(screen.contains("link up"), "\(screen)")

    var ran = model.run("store lag on")
    #expect(ran)
    ran = model.run("alice post /cart item=book")
    #expect(ran)
    screen = View.render(model, width: 132, height: 40).text
    #expect(screen.contains("lag: link stalled"), "\(screen)")
    let offsets = model.storeNodes.map { $0.offset ?? -1 }
    #expect(offsets[0] > max(offsets[1], offsets[2]), "\(model.storeNodes)")

    ran = model.run("store failover")
    #expect(ran)
    screen = View.render(model, width: 132, height: 40).text
    #expect(screen.contains("store-1 ✖ down (killed)"), "\(screen)")
    #expect(screen.contains("store-2 primary"), "\(screen)")
    #expect(screen.contains("store-1 crashed (SIGKILL)"), "the trace says what happened:\n\(screen)")
}

@Test func aTypedFailoverSaysItIsWaitingBeforeItRuns() throws {
    var model = try Golden.model(["browser alice"])
    model.handle(.key(.character(":")))
    for character in "store failover" { model.handle(.key(.character(character))) }
    model.handle(.key(.enter))
    // Not run yet: the app draws this frame first, then runs it (App.run).
    #expect(model.pendingCommand == "store failover")
    #expect(View.render(model, width: 100, height: 30).text.contains("waiting until the servers use the new one"))
}

@Test(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: "/usr/bin/redis-server")
            || ProcessInfo.processInfo.environment["CI"] == "true"))
func steppingOverAFailoverInAReplaySaysItIsWaitingFirst() throws {
    let provider = StoreProvider()
    var pids: [Int32] = []
    defer {
        provider.shutdown()
        for pid in pids { #expect(stopped(pid), "redis-server \(pid) outlived the test") }
    }
    let scenario = try Parser.parse(
        file: "f.scn", source: "cluster store=redis replicas=1\nbrowser alice\nalice login alice\nstore failover\n")
    let timeline = try Timeline(file: "f.scn", statements: scenario.statements, storeFactory: provider.make)
    var model = AppModel(timeline: timeline, isReplay: true, colors: false)
    pids = (model.world.store as? RedisStore)?.replicationTopology?.processIdentifiers ?? []
    model.handle(.key(.end))
    // Nothing ran yet: the frame that says so comes first.
    #expect(model.pendingSeek == 4)
    #expect(model.timeline.position == 0)
    #expect(View.render(model, width: 100, height: 30).text.contains("waiting until the servers use the new one"))
    // What the app does next (App.run): the move itself.
    let terminal = HeadlessTerminal(width: 100, height: 30)
    let app = App(model: model, terminal: terminal, realMilliseconds: { 0 }, writeFile: { _, _ in })
    app.run(stopWhenIdle: true)
    #expect(app.model.timeline.position == 4)
    #expect(app.model.world.value(of: .store(.primary)) == .word("store-2"))
    #expect(app.model.pendingSeek == nil)
}

/// Gone (or a zombie) within two seconds.
private func stopped(_ pid: Int32) -> Bool {
    for _ in 0..<200 {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), !stat.contains(") Z ")
        else { return true }
        usleep(10_000)
    }
    return false
}
