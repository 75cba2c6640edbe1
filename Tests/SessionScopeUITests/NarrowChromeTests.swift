import SessionScopeCore
import SessionScopeScenario
import Testing

@testable import SessionScopeUI

/// A Redis walkthrough's stop as issue 12's instructor meets it: a long title, a chapter name,
/// the Redis settings and three nodes in the store pane. The store is an in-memory one that
/// calls itself Redis (the pane's rows and figures are set as the real one reports them), so
/// the screens are the same on every run.
private func redisStop(language: String) throws -> AppModel {
    let source = """
        title "Redis at maxmemory: refused writes, or evicted sessions"
        cluster servers=2 store=redis maxmemory=2mb replicas=2 sentinel=on
        browser alice
        alice login alice
        say en "This Redis may use 2 MB."
        say ko "이 Redis는 2MB까지 쓸 수 있습니다."
        pause "A small Redis, copied twice"
        alice get /me
        pause "The end"
        """
    let scenario = try Parser.parse(file: "redis.scn", source: source)
    let timeline = try Timeline(
        file: "redis.scn", statements: scenario.statements, storeFactory: { LocalStore(rules: $0.expiryRules) })
    var model = AppModel(timeline: timeline, isReplay: true, language: language, colors: false)
    model.showLatency = false
    model.handle(.key(.pageDown))
    model.storeUsedMemory = 2_100_000
    model.storeCount = 1
    model.storeNodes = [
        StoreNode(number: 1, role: .primary, offset: 4380, linkUp: nil, stalled: false),
        StoreNode(number: 2, role: .replica, offset: 4380, linkUp: true, stalled: false),
        StoreNode(number: 3, role: .replica, offset: 4380, linkUp: true, stalled: false),
    ]
    return model
}

@Test(arguments: ["en", "ko"])
func aLongTitleAndTheRedisSettingsReadWhole(language: String) throws {
    let model = try redisStop(language: language)
    for (w, h) in sizes {
        try Golden.check(model, "redis-stop-\(language)", width: w, height: h)
        let rows = View.render(model, width: w, height: h).text.split(separator: "\n").map(String.init)
        let header = rows[0]
        // The step and the clock are never cut; the title is whole at 132 columns.
        #expect(header.contains(language == "ko" ? "7단계 (총 9)" : "step 7/9"), "\(header)")
        #expect(header.contains(language == "ko" ? "시계 0:00:00" : "clock 0:00:00"), "\(header)")
        if w >= 132 { #expect(header.contains("Redis at maxmemory: refused writes, or evicted sessions"), "\(header)") }
        #expect(DisplayWidth.of(header) <= w)
        // The store pane's settings, each whole, at 80 columns too, and every node.
        let store = rows.joined(separator: "\n")
        #expect(
            store.contains(language == "ko" ? "maxmemory 2mb (사용 2.0mb)" : "maxmemory 2mb (used 2.0mb)"), "\(store)")
        #expect(store.contains("noeviction"))
        #expect(store.contains(language == "ko" ? "레플리카 2개 · sentinel" : "2 replicas · sentinel"), "\(store)")
        #expect(store.contains("store-3"), "\(store)")
    }
}

@Test func theHeaderGivesUpTheClusterThenTheChapterNameThenTheTitle() throws {
    let model = try redisStop(language: "en")
    let wide = Header.text(model, width: 400)
    #expect(
        wide.hasSuffix(
            "store=redis maxmemory=2mb replicas=2 sentinel=on servers=2 balancer=round-robin timeout=30m"),
        "\(wide)")
    #expect(wide.contains("chapter 1/2 A small Redis, copied twice"))
    let at132 = Header.text(model, width: 132)
    #expect(at132.contains("Redis at maxmemory: refused writes, or evicted sessions │ chapter 1/2 A small Redis, "))
    #expect(at132.hasSuffix("│ step 7/9 │ clock 0:00:00 ⏸"), "\(at132)")
    let at80 = Header.text(model, width: 80)
    #expect(!at80.contains("store=redis"), "\(at80)")
    #expect(at80 == " Redis at maxmemory: refused writes,… │ chapter 1/2 │ step 7/9 │ clock 0:00:00 ⏸", "\(at80)")
    #expect(DisplayWidth.of(at80) <= 80)
}

@Test func theSettingsWrapBetweenSettings() throws {
    let model = try redisStop(language: "en")
    #expect(
        StorePane.settingsLines(model, width: 28) == [
            "maxmemory 2mb (used 2.0mb)", "noeviction", "2 replicas · sentinel",
        ])
    #expect(
        StorePane.settingsLines(model, width: 60) == [
            "maxmemory 2mb (used 2.0mb) · noeviction", "2 replicas · sentinel",
        ])
    #expect(
        StorePane.settingsLines(model, width: 80) == ["maxmemory 2mb (used 2.0mb) · noeviction · 2 replicas · sentinel"]
    )
    // A setting wider than the pane is wrapped at its words, never lost.
    #expect(StorePane.settingsLines(model, width: 12).first == "maxmemory")
}
