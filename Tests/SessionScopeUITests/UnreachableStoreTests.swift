import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import SessionScopeUI
import Testing

/// A real store that cannot be reached is shown as such, with the cause, never `● up`.
@Test func anUnreachableRedisIsShownDownWithTheCause() throws {
    // A loopback port nobody listens on: the connection is refused at once.
    let provider = StoreProvider(options: StoreOptions(redisURL: "redis://127.0.0.1:1"))
    provider.requireReachable = false
    defer { provider.shutdown() }
    var settings = ClusterSettings()
    settings.store = .redis
    let model = try Golden.model(["browser alice"], settings: settings, factory: provider.make)
    let screen = View.render(model, width: 132, height: 40).text
    #expect(screen.contains("✖ unreachable"), "\(screen)")
    #expect(screen.contains("Connection refused"), "\(screen)")
    // The store pane's status line starts at the pane's border; the servers' headers are titles.
    #expect(!screen.contains("│● up · "), "the store must not read as up:\n\(screen)")
}

@Test
func aKilledPrivateRedisIsShownDown() throws {
    let server = try RedisServerProcess()
    defer { server.stop() }
    let provider = StoreProvider(options: StoreOptions(redisURL: server.url))
    defer { provider.shutdown() }
    var settings = ClusterSettings()
    settings.store = .redis
    var model = try Golden.model(["browser alice", "alice get /"], settings: settings, factory: provider.make)
    #expect(View.render(model, width: 132, height: 40).text.contains("│● up · 1 session"))
    server.kill()
    let ran = model.run("alice get /me")
    #expect(ran)
    let screen = View.render(model, width: 132, height: 40).text
    #expect(screen.contains("✖ unreachable"), "\(screen)")
}
