import Foundation
import SessionScopeCore
import SessionScopeScenario
import SessionScopeStores
import Testing

@testable import SessionScopeUI

/// Lines of the balancer and store panes fit their pane: a reason, a heading, a port or a
/// wide character is never cut in half (tried in tmux on walkthroughs 28–30).

private let reasons: [RouteReason] = [
    .roundRobin(skipped: []), .random, .ipHash(ip: IPv4(10 << 24 | 1), skipped: []), .stickyCookie,
    .stickyNew(skipped: []), .stickyDead(named: 1, skipped: []), .leastSessions(count: 0),
]

@Test(arguments: ["en", "ko"])
func aRouteLineIsWholeAbbreviatedOrWithoutItsReasonNeverCut(language: String) {
    for why in reasons {
        let whole = Format.shortRoute(why, language: language)
        let short = Format.shortRoute(why, language: language, abbreviated: true)
        #expect(DisplayWidth.of(short) < DisplayWidth.of(whole) || short == whole, "\(why)")
        for name in ["bob", "alice", "mallory", "guest-1234"] {
            for width in 14...40 {
                for selected in [false, true] {
                    let route = BalancerPane.RouteText(
                        marker: selected ? "▶ " : "  ", browser: name, arrow: " → server-2")
                    let lines = BalancerPane.routeLines(
                        route, reasons: .init(whole: whole, short: short), selected: selected, width: width, rows: 3)
                    for line in lines { #expect(DisplayWidth.of(line.text) <= width, "\(line.text) at \(width)") }
                    let first = lines[0]
                    // The server is always there; the reason whole, abbreviated, or not at all.
                    #expect(first.arrow.hasSuffix("server-2"))
                    #expect(["", " (\(whole))", " (\(short))"].contains(first.reason), "\(first.reason)")
                    if lines.count > 1 {
                        // Only the selected browser gets a line of its own for the whole reason.
                        #expect(selected)
                        #expect(first.reason.isEmpty)
                        #expect(lines.dropFirst().map(\.reason).joined(separator: " ") == "(\(whole))")
                    }
                    if !selected && name.count + 16 + DisplayWidth.of(whole) <= width {
                        #expect(first.reason == " (\(whole))", "room for the whole reason at \(width)")
                    }
                    if DisplayWidth.of(route.text) <= width { #expect(first.browser == name) }
                }
            }
        }
    }
}

@Test func theSelectedBrowserKeepsTheWholeReasonOnALineOfItsOwnAtEightyColumns() {
    // 80 columns: the balancer pane has 18 columns inside.
    let whole = BalancerPane.Reasons(whole: "no LB cookie: rr", short: "no cookie")
    let route = BalancerPane.RouteText(marker: "▶ ", browser: "bob", arrow: " → server-2")
    let lines = BalancerPane.routeLines(route, reasons: whole, selected: true, width: 18, rows: 3)
    #expect(lines.map(\.text) == ["▶ bob → server-2", "  (no LB cookie:", "  rr)"])
    // With no row to spare, it is abbreviated like the others, or left out.
    let tight = BalancerPane.routeLines(route, reasons: whole, selected: true, width: 18, rows: 1)
    #expect(tight.map(\.text) == ["▶ bob → server-2"])
    let other = BalancerPane.RouteText(marker: "  ", browser: "bob", arrow: " → server-2")
    let wider = BalancerPane.routeLines(other, reasons: whole, selected: false, width: 28, rows: 3)
    #expect(wider.map(\.text) == ["  bob → server-2 (no cookie)"])
    // Where another browser needs the short reason, every one but the selected reads it.
    let roomy = BalancerPane.routeLines(other, reasons: whole, selected: false, width: 40, rows: 3, abbreviated: true)
    #expect(roomy.map(\.text) == ["  bob → server-2 (no cookie)"])
    let mine = BalancerPane.routeLines(route, reasons: whole, selected: true, width: 40, rows: 3, abbreviated: true)
    #expect(mine.map(\.text) == ["▶ bob → server-2 (no LB cookie: rr)"])
    let mallory = BalancerPane.RouteText(marker: "  ", browser: "mallory", arrow: " → server-1")
    #expect(
        BalancerPane.routeLines(mallory, reasons: whole, selected: false, width: 18, rows: 3).map(\.text)
            == ["  mallory→server-1"])
}

@Test(arguments: ["en", "ko"])
func theBalancerPaneFitsAtBothSizes(language: String) throws {
    var model = try Golden.model(
        [
            "cluster servers=2 balancer=sticky-cookie", "browser alice", "browser mallory", "browser bob",
            "alice login alice", "bob login bob", "mallory get /", "server-1 kill", "alice get /me",
        ], language: language)
    model.selectedBrowser = 2
    for (w, h) in sizes {
        let layout = Layout(model, width: w, height: h)
        let inner = layout.balancer.inner
        let lines = BalancerPane.lines(model, changes: Changes([]), rows: inner.height, width: inner.width)
        let texts = lines.map(\.plainText)
        for text in texts { #expect(DisplayWidth.of(text) <= inner.width, "\(text) at \(w)") }
        // bob is selected: his reason reads whole, inline or below him.
        let bob = try #require(texts.firstIndex { $0.contains("bob") })
        let stickyNew = Format.shortRoute(.stickyNew(skipped: []), language: language)
        let told = texts[bob...].joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(told.contains("(\(stickyNew))"), "\(texts)")
        // alice, sent on from a dead server: never a reason cut in the middle.
        let dead = Format.shortRoute(.stickyDead(named: 1, skipped: []), language: language)
        let deadShort = Format.shortRoute(.stickyDead(named: 1, skipped: []), language: language, abbreviated: true)
        if let alice = texts.first(where: { $0.contains("alice") }), let open = alice.firstIndex(of: "(") {
            #expect([dead, deadShort].map { "(\($0))" }.contains(String(alice[open...])), "\(alice)")
        }
        try Golden.check(model, "balancer-routes-\(language)", width: w, height: h)
        let title = BalancerPane.title(model, width: layout.balancer.width)
        #expect(DisplayWidth.of(title) <= layout.balancer.width - 4, "\(title)")
        #expect(title.contains("sticky-cookie"))
    }
}

@Test func theStoreTitleKeepsThePortInANarrowPane() {
    // 80 columns: the store pane is 30 wide, 26 for its title.
    #expect(StorePane.title(label: "redis 127.0.0.1:53011", language: "en", width: 30) == "redis 127.0.0.1:53011")
    #expect(StorePane.title(label: "redis 127.0.0.1:53011", language: "ko", width: 30) == "redis 127.0.0.1:53011")
    #expect(
        StorePane.title(label: "redis 127.0.0.1:53011", language: "en", width: 48) == "Store: redis 127.0.0.1:53011")
    #expect(
        StorePane.title(label: "redis 127.0.0.1:53011", language: "ko", width: 48) == "저장소: redis 127.0.0.1:53011")
}

@Test func theSessionTableShortensItsHeadingThenDropsTheIdleTime() throws {
    let world = try Golden.model([]).world
    struct Fit: Equatable {
        var idle: Bool
        var heading: String
    }
    func fit(_ width: Int, _ language: String) -> Fit {
        let columns = SessionRow.Columns(width: width, world: world, language: language)
        return Fit(idle: columns.idle, heading: columns.leftHeading)
    }
    // The store pane at 132 columns (46 inside): everything, in both languages.
    #expect(fit(46, "en") == Fit(idle: true, heading: "left"))
    #expect(fit(46, "ko") == Fit(idle: true, heading: "남은 시간"))
    // Four servers at 132 columns (31 inside): English has room, Korean drops the idle time.
    #expect(fit(31, "ko") == Fit(idle: false, heading: "남은 시간"))
    // The store pane at 80 columns (28 inside): no idle time; Korean's heading is short.
    #expect(fit(28, "en") == Fit(idle: false, heading: "left"))
    #expect(fit(28, "ko") == Fit(idle: false, heading: "남음"))
    for language in ["en", "ko"] {
        for width in 25...60 {
            let header = SessionRow.header(
                SessionRow.Columns(width: width, world: world, language: language), language: language
            ).plainText
            #expect(DisplayWidth.of(header) <= width, "\(header) at \(width)")
        }
    }
}

@Test(arguments: ["en", "ko"])
func theStorePaneTableFitsAtEightyColumns(language: String) throws {
    var settings = ClusterSettings()
    settings.store = .sqlite
    // The widest time left a cluster can have: hours.
    settings.timeout = .hours(8)
    let provider = StoreProvider()
    defer { provider.shutdown() }
    var model = try Golden.model(
        ["browser alice", "alice login alice", "advance 10m", "browser bob", "bob login bob"], settings: settings,
        factory: provider.make, language: language)
    model.refreshAfterChange()
    let layout = Layout(model, width: 80, height: 24)
    let inner = layout.store.inner
    let lines = StorePane.lines(model, changes: Changes([]), rows: inner.height + 4, width: inner.width)
        .map(\.plainText)
    for line in lines { #expect(DisplayWidth.of(line) <= inner.width, "\(line)") }
    #expect(lines.contains { $0.hasSuffix(language == "ko" ? "남음" : "left") }, "\(lines)")
    #expect(lines.contains { $0.hasSuffix(" 8:00:00") }, "\(lines)")
    #expect(lines.contains { $0.hasSuffix(" 7:50:00") }, "\(lines)")
}

@Test(arguments: ["en", "ko"])
func theStorePaneTableAtBothSizes(language: String) throws {
    // A real SQLite file at a fixed path, so the store pane's title is the same every run.
    let path = "/tmp/sessionscope-golden-table-\(language).sqlite"
    try? FileManager.default.removeItem(atPath: path)
    let provider = StoreProvider(options: StoreOptions(sqlitePath: path))
    defer {
        provider.shutdown()
        try? FileManager.default.removeItem(atPath: path)
    }
    var model = try Golden.model(
        [
            "cluster store=sqlite", "browser alice", "alice login alice", "advance 5m", "browser bob",
            "bob login bob",
        ], factory: provider.make, language: language)
    model.refreshAfterChange()
    for (w, h) in sizes { try Golden.check(model, "store-table-\(language)", width: w, height: h) }
}
