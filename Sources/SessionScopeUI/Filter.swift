import SessionScopeCore

/// The `/` filter: a browser or session matches when the text is part of its name, its
/// user, or its session id (case does not matter).
enum Filter {
    static func matches(_ browser: Browser, world: World, filter: String) -> Bool {
        guard !filter.isEmpty else { return true }
        let needle = filter.lowercased()
        if browser.name.lowercased().contains(needle) { return true }
        if let user = browser.last?.user, user.lowercased().contains(needle) { return true }
        return browser.jar.cookies.contains { $0.value.lowercased().contains(needle) }
    }

    static func matches(_ record: SessionRecord, filter: String) -> Bool {
        guard !filter.isEmpty else { return true }
        let needle = filter.lowercased()
        return record.id.description.lowercased().contains(needle)
            || (record.user?.lowercased().contains(needle) ?? false)
    }
}
