/// The bottom key bar. `?` help, `:` command and `q` quit are always there (they are how a
/// newcomer finds everything else); the other keys of the key map fill what room is left.
enum KeyBar {
    /// The keys that are never dropped, in order.
    static let essential: Set<String> = ["?", ":", "q"]

    static func items(_ model: AppModel) -> (optional: [(String, String)], essential: [(String, String)]) {
        let language = model.language
        var optional: [(String, String)] = []
        if model.inBranch { optional.append(("Esc", L10n.text("keybar.walkthrough", language))) }
        if model.isReplay {
            optional += [
                ("→", L10n.text("keybar.step", language)), ("←", L10n.text("keybar.back", language)),
                ("p", L10n.text("keybar.play", language)), ("PgDn", L10n.text("keybar.chapter", language)),
            ]
        }
        if model.engineConfig != nil { optional.append(("E", L10n.text("keybar.engineConfig", language))) }
        optional += KeyMap.keyBar(language: language).filter { !essential.contains($0.0) }
        let essentials = [
            ("?", L10n.text("keybar.help", language)), (":", L10n.text("keybar.command", language)),
            ("q", L10n.text("keybar.quit", language)),
        ]
        return (optional, essentials)
    }

    static func width(_ item: (String, String)) -> Int {
        DisplayWidth.of(item.0) + 1 + DisplayWidth.of(item.1) + 2
    }

    static func draw(_ screen: inout Screen, model: AppModel, y: Int) {
        let (optional, essentials) = items(model)
        let reserved = essentials.reduce(0) { $0 + width($1) }
        var shown: [(String, String)] = []
        var used = 0
        for item in optional {
            guard used + width(item) + reserved <= screen.width else { break }
            shown.append(item)
            used += width(item)
        }
        var x = 0
        for (key, label) in shown + essentials {
            x += screen.put(key, x: x, y: y, style: Style(bold: true, reverse: true))
            x += screen.put(" " + label + "  ", x: x, y: y)
        }
    }
}
