import Foundation
import Testing

/// Chromium renders the HTML handout: a real browser, as a reader prints it to PDF.
let chromiumAvailable =
    ProcessInfo.processInfo.environment["CI"] == "true"
    || FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")

@Test(.enabled(if: chromiumAvailable))
func theHTMLHandoutRendersInChromiumWithItsTextAndScreens() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("handout-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let scenario = Journey.scenarios.appendingPathComponent("06-idle-timeout.scn").path
    let html = dir.appendingPathComponent("handout.html")
    let run = try Binary.run(["replay", scenario, "--export", "html", "-o", html.path])
    #expect(run.status == 0, "\(run.stderr)")
    let text = try String(contentsOf: html, encoding: .utf8)
    #expect(text.contains("<h2>Chapter 1</h2>"))
    #expect(text.contains("Each request restarts the idle timer"))
    #expect(text.contains("<pre class=\"screen\">"))
    #expect(text.contains("class=\"b yellow\"") || text.contains("class=\"green\""), "colours are kept")
    #expect(!text.contains("src=") && !text.contains("href="), "self-contained")

    func chromium(_ arguments: [String]) throws -> String {
        try Spawn.run(
            "/usr/bin/chromium",
            ["--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(dir.path)/profile"] + arguments,
            capture: true
        ).output
    }
    // The text as Chromium laid it out.
    let dom = try chromium(["--dump-dom", html.absoluteString])
    #expect(dom.contains("Thirty minutes without a request"))
    // Not blank: the handout's screenshot holds far more than a blank page's.
    let shot = dir.appendingPathComponent("shot.png")
    let blank = dir.appendingPathComponent("blank.png")
    _ = try chromium(["--window-size=1000,1400", "--screenshot=\(shot.path)", html.absoluteString])
    _ = try chromium(["--window-size=1000,1400", "--screenshot=\(blank.path)", "about:blank"])
    let shotSize = try #require(try FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int)
    let blankSize = try #require(try FileManager.default.attributesOfItem(atPath: blank.path)[.size] as? Int)
    #expect(shotSize > blankSize * 5, "screenshot \(shotSize) B vs blank \(blankSize) B")
}
