import SessionScopeCore
import SessionScopeScenario
import Testing

@testable import SessionScopeUI

/// Live mode's outside clients in the browsers pane and the detail view, without sockets:
/// the model replays what the live cluster's mirror lines say (`browser client-K ip=…`) and
/// `observedClients` is what `LiveLink.observed` returns.
enum ObservedClients {
    static let chrome =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"

    /// Two outside clients and a crowd of 50 after them: more browsers than any pane has rows.
    static func crowded(language: String = "en", selecting name: String) throws -> AppModel {
        var model = try Golden.model(
            [
                "browser client-1 ip=203.0.113.7", "client-1 login alice", "browser client-2 ip=198.51.100.4",
                "client-2 get /", "crowd 50",
            ], language: language)
        model.observedClients = ["client-1": "curl/8.5.0", "client-2": chrome]
        model.selectedBrowser = try #require(model.world.browserIndex(named: name))
        return model
    }

    /// The pane's lines as text, `rows` by `width`.
    static func pane(_ model: AppModel, rows: Int, width: Int) -> [String] {
        BrowsersPane.lines(model, changes: Changes([]), rows: rows, width: width).map(\.plainText)
    }
}

@Test func anOverflowingPaneShowsTheSelectedClientsAddressMarkAndUserAgentWhole() throws {
    let model = try ObservedClients.crowded(selecting: "client-2")
    for (rows, width) in [(12, 60), (20, 40), (30, 100)] {
        let lines = ObservedClients.pane(model, rows: rows, width: width)
        #expect(lines.count <= rows)
        #expect(lines.contains { $0.hasPrefix("▶ client-2") }, "\(lines)")
        // Wrapped under its row, the words in order, nothing cut.
        let text = lines.filter { $0.hasPrefix("    ") }.map { $0.dropFirst(4) }.joined(separator: " ")
        #expect(text.contains("observed · 198.51.100.4 · \(ObservedClients.chrome)"), "\(lines)")
        #expect(!text.contains("…"), "\(lines)")
    }
    // Another client's row carries its address and mark too, as far as the pane is wide.
    let wide = ObservedClients.pane(model, rows: 12, width: 100)
    let other = try #require(wide.first { $0.hasPrefix("  client-1") })
    #expect(other.hasSuffix("  observed · 203.0.113.7 · curl/8.5.0"), "\(other)")
    // A guest of the crowd is no outside client.
    #expect(!(wide.first { $0.contains("guest-") }?.contains("observed") ?? true), "\(wide)")
}

@Test func aRowWideEnoughKeepsTheMarkOnItAndASmallPaneCutsTheBlockWithAnEllipsis() throws {
    let model = try ObservedClients.crowded(selecting: "client-1")
    let wide = ObservedClients.pane(model, rows: 12, width: 120)
    let row = try #require(wide.first { $0.hasPrefix("▶ client-1") })
    #expect(row.hasSuffix("  observed · 203.0.113.7 · curl/8.5.0"), "\(wide)")
    #expect(!wide.contains { $0.hasPrefix("    observed") }, "no block when the row shows it all: \(wide)")
    // 80x24's pane: 5 rows of 28 columns.
    let small = ObservedClients.pane(model, rows: 5, width: 28)
    #expect(small.count == 5)
    #expect(small.contains("    observed · 203.0.113.7 ·") && small.contains("    curl/8.5.0"), "\(small)")
    var chrome = try ObservedClients.crowded(selecting: "client-2")
    chrome.language = "en"
    let cut = ObservedClients.pane(chrome, rows: 5, width: 28)
    #expect(cut.count == 5)
    #expect(cut.filter { $0.hasPrefix("    ") }.count == 2 && cut.contains { $0.hasSuffix("…") }, "\(cut)")
}

@Test func theWholePaneShowsTheSelectedClientsMarkUnderItsRowWhenTheRowWouldCutIt() throws {
    var model = try Golden.model(["browser client-1 ip=203.0.113.7", "client-1 login alice", "browser alice"])
    model.observedClients = ["client-1": ObservedClients.chrome]
    model.selectedBrowser = 0
    let lines = ObservedClients.pane(model, rows: 12, width: 40)
    #expect(lines.first == "▶ client-1 open   203.0.113.7", "\(lines)")
    let text = lines.filter { $0.hasPrefix("    ") && !$0.contains("=") }.map { $0.dropFirst(4) }
        .joined(separator: " ")
    #expect(text == "observed · \(ObservedClients.chrome)", "\(lines)")
    #expect(lines.contains { $0.hasPrefix("  alice") })
    // Not selected: on its row, cut at the edge.
    model.selectedBrowser = 1
    let other = ObservedClients.pane(model, rows: 12, width: 40)
    #expect(other.first?.hasPrefix("  client-1 open   203.0.113.7  observed · Mozilla") == true, "\(other)")
}

@Test func theDetailViewShowsAnOutsideClientsAddressAndUserAgent() throws {
    var model = try ObservedClients.crowded(selecting: "client-2")
    model.ui.detail = .browser("client-2")
    var screen = View.render(model, width: 80, height: 24).text
    #expect(screen.contains("address: 198.51.100.4"), "\(screen)")
    #expect(screen.contains("an outside client, observed"), "\(screen)")
    let lines = DetailView.lines(model, detail: .browser("client-2"), width: 78).map(\.plainText)
    #expect(lines.joined(separator: " ").contains("User-Agent: \(ObservedClients.chrome)"), "\(lines)")
    model.observedClients["client-2"] = ""
    #expect(
        DetailView.lines(model, detail: .browser("client-2"), width: 78).contains {
            $0.plainText == "User-Agent: none sent"
        })
    // A browser of the scenario's own is no outside client.
    model.ui.detail = .browser("guest-1")
    screen = View.render(model, width: 80, height: 24).text
    #expect(!screen.contains("User-Agent") && !screen.contains("observed"), "\(screen)")
    model.language = "ko"
    model.ui.detail = .browser("client-1")
    screen = View.render(model, width: 80, height: 24).text
    #expect(screen.contains("주소: 203.0.113.7") && screen.contains("User-Agent: curl/8.5.0"), "\(screen)")
}

@Test func observedClientsGoldenScreens() throws {
    for language in ["en", "ko"] {
        let model = try ObservedClients.crowded(language: language, selecting: "client-2")
        for (w, h) in sizes { try Golden.check(model, "observed-clients-\(language)", width: w, height: h) }
    }
}
