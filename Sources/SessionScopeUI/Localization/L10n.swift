/// The UI's words, one catalogue per language (`Catalogue+English.swift`,
/// `Catalogue+Korean.swift`). English is the fallback for a language or a key that has none;
/// a test checks that the Korean catalogue covers every English key.
public enum L10n {
    /// The catalogues by language code.
    public static let catalogues: [String: [String: String]] = [
        "en": english.merging(englishNoOps) { a, _ in a }.merging(englishPanes) { a, _ in a },
        "ko": korean.merging(koreanNoOps) { a, _ in a }.merging(koreanPanes) { a, _ in a },
    ]

    /// The text for `key` in `language`, English where it has none.
    public static func text(_ key: String, _ language: String) -> String {
        catalogues[language]?[key] ?? catalogues["en"]?[key] ?? key
    }

    /// The text with `{0}`, `{1}`… replaced by the arguments.
    public static func format(_ key: String, _ language: String, _ arguments: CustomStringConvertible...) -> String {
        var text = self.text(key, language)
        for (i, argument) in arguments.enumerated() {
            text = text.replacingAll("{\(i)}", argument.description)
        }
        return text
    }
}
