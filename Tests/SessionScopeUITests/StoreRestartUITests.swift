import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import SessionScopeUI
import Testing

/// `store restart` typed on the `:` line (1.1): the real store restarts; a Redis named by
/// `--redis URL` is refused with a one-line message and nothing changes.
@Test func storeRestartOnTheCommandLineRestartsTheRealStoreOrIsRefused() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let named = StoreProvider(options: StoreOptions(redisURL: server.url))
    defer { named.shutdown() }
    var settings = ClusterSettings()
    settings.store = .redis
    var model = try Golden.model(["browser alice", "alice login alice"], settings: settings, factory: named.make)
    let position = model.timeline.position
    let refused1 = model.run("store restart")
    #expect(!refused1)
    let message = try #require(model.message)
    #expect(message.isError)
    #expect(message.text.contains("it is not ours to restart"), "\(message.text)")
    // Named as the `:` line names every message: line 1 of `command` (docs/command-line.md).
    #expect(message.text.hasPrefix("command:1:"), "\(message.text)")
    #expect(!message.text.contains("\n"))
    #expect(model.timeline.position == position)
    let refused2 = model.run("cluster store=redis persistence=aof")
    #expect(!refused2)
    #expect(model.message?.text.contains("not ours to reconfigure") == true, "\(model.message?.text ?? "")")
    #expect(model.message?.text.hasPrefix("command:1:") == true, "\(model.message?.text ?? "")")

    // A private Redis restarts for real: without persistence, Alice's session is gone.
    let own = StoreProvider()
    defer { own.shutdown() }
    var mine = try Golden.model(["browser alice", "alice login alice"], settings: settings, factory: own.make)
    let ran3 = mine.run("store restart")
    #expect(ran3)
    let ran4 = mine.run("expect store.restarts == 1")
    #expect(ran4)
    #expect(mine.message?.text == "✓ store.restarts == 1")
    let ran5 = mine.run("alice get /me")
    #expect(ran5)
    #expect(mine.world.browser(named: "alice")?.last?.status == 401)
}

/// The store pane says how often the store restarted and how many sessions Redis evicted.
@Test func theStorePaneShowsRestartsAndEvictions() throws {
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var settings = ClusterSettings()
    settings.store = .redis
    settings.maxMemory = 2 << 20
    settings.eviction = .allkeysLRU
    var model = try Golden.model(["browser alice", "alice login alice"], settings: settings, factory: provider.make)
    #expect(!View.render(model, width: 132, height: 40).text.contains("evicted by redis"))
    let crowd = model.run("crowd 5000")
    #expect(crowd)
    let restart = model.run("store restart")
    #expect(restart)
    let screen = View.render(model, width: 132, height: 40).text
    #expect(screen.contains("restarted 1×"), "\(screen)")
    // The restart emptied Redis, but the evictions before it still count for this cluster.
    #expect(screen.contains("evicted by redis"), "\(screen)")
}
