import Foundation
import SessionScopeCore
import SessionScopeScenario
import Testing

@testable import SessionScopeUI

/// The Markdown handout's exchanges read like the HTML handout's: Korean under `ko`, the
/// transcript's English byte for byte otherwise.

private let source = """
    title "Handout"
    cluster servers=2 balancer=sticky-cookie
    browser alice
    alice login alice
    say en "alice logs in."
    say ko "alice가 로그인합니다."
    pause "Login"
    server-1 kill
    alice get /me
    expect alice.status == 200
    """

/// Each chapter's exchanges of a Markdown handout (its ```text blocks).
private func markdownExchanges(_ text: String) -> [String] {
    text.components(separatedBy: "```text\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
}

/// Each chapter's exchanges of an HTML handout (its trace blocks), unescaped.
private func htmlExchanges(_ text: String) -> [String] {
    text.components(separatedBy: "<pre class=\"trace\">").dropFirst().map {
        $0.components(separatedBy: "</pre>")[0].replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

@Test(arguments: ["en", "ko"])
func theMarkdownHandoutsExchangesAreTheHTMLHandouts(language: String) throws {
    let scenario = try Parser.parse(file: "h.scn", source: source)
    let markdown = try Handout.onScreen(language: language, showLatency: false, file: scenario.file).render(scenario)
    let timeline = try Timeline(file: scenario.file, statements: scenario.statements)
    let html = HTMLHandout.render(scenario: scenario, timeline: timeline, language: language)
    let exchanges = markdownExchanges(markdown)
    #expect(exchanges.count == 2, "\(markdown)")
    #expect(exchanges == htmlExchanges(html))
    let all = exchanges.joined(separator: "\n")
    // The statement lines and the wire are the scenario's and the wire's, in both.
    #expect(all.contains("| alice login alice"))
    #expect(all.contains("alice < Set-Cookie: SID="))
    if language == "ko" {
        #expect(all.contains("alice의 쿠키 저장소"), "\(all)")
        #expect(!all.contains("cookie jar"), "\(all)")
        #expect(markdown.contains("alice가 로그인합니다."))
    } else {
        // English is the transcript's text, as the handout was before it could speak Korean.
        #expect(markdown == (try Handout(language: "en", showLatency: false).render(scenario)))
    }
}
