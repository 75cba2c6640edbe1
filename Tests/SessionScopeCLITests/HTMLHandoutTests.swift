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

/// Whether a font for Korean is installed (Debian `fonts-noto-cjk`, from `install-deps`).
let koreanFontInstalled: Bool = {
    guard let out = try? Spawn.run("/usr/bin/fc-list", [":lang=ko"], capture: true).output else { return false }
    return !out.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
}()

@Test(.enabled(if: chromiumAvailable))
func aKoreanHandoutRendersInChromiumWithAKoreanFont() throws {
    // In CI the font must be there (install-deps puts it there); a missing one fails.
    #expect(koreanFontInstalled, "no font for Korean: install fonts-noto-cjk (scripts/install-deps)")
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("handout-ko-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let scenario = Journey.scenarios.appendingPathComponent("06-idle-timeout.scn").path
    let html = dir.appendingPathComponent("handout.html")
    let run = try Binary.run(["replay", scenario, "--export", "html", "--lang", "ko", "-o", html.path])
    #expect(run.status == 0, "\(run.stderr)")
    let text = try String(contentsOf: html, encoding: .utf8)
    #expect(text.contains("<html lang=\"ko\">"))
    #expect(text.contains("<h2>1장</h2>"))
    #expect(text.contains("브라우저 ("), "the screens' pane titles are Korean")

    func chromium(_ arguments: [String]) throws -> String {
        try Spawn.run(
            "/usr/bin/chromium",
            ["--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(dir.path)/profile"] + arguments,
            capture: true
        ).output
    }
    let dom = try chromium(["--dump-dom", html.absoluteString])
    #expect(dom.contains("요청할 때마다 유휴 타이머가 다시 시작됩니다"))
    // Real glyphs, not boxes: two different Korean lines of ten syllables look different
    // (every missing glyph is drawn as the same empty box).
    var shots: [Data] = []
    for (i, words) in ["가나다라마바사아자차", "세션쿠키서버저장토큰"].enumerated() {
        let page = dir.appendingPathComponent("k\(i).html")
        try "<html lang=\"ko\"><meta charset=\"utf-8\"><body style=\"font-size:40px\">\(words)</body></html>"
            .write(to: page, atomically: true, encoding: .utf8)
        let shot = dir.appendingPathComponent("k\(i).png")
        _ = try chromium(["--window-size=600,120", "--screenshot=\(shot.path)", page.absoluteString])
        shots.append(try Data(contentsOf: shot))
    }
    #expect(shots[0] != shots[1], "Korean text renders as identical boxes: no CJK font")
    let shot = dir.appendingPathComponent("shot.png")
    _ = try chromium(["--window-size=1000,1400", "--screenshot=\(shot.path)", html.absoluteString])
    let size = try #require(try FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int)
    #expect(size > 20_000, "screenshot \(size) B")
}
