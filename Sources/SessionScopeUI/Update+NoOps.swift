import SessionScopeCore

/// Keys that would record a step that does nothing (or fail in the world) say so instead.
extension AppModel {
    /// The selected browser if it is open; a closed one gets a message naming `r`.
    mutating func requireOpenBrowser() -> String? {
        guard let name = requireBrowser() else { return nil }
        guard browser?.isOpen ?? false else {
            message = (L10n.format("message.closedBrowser", language, name), true)
            return nil
        }
        return name
    }

    /// The selected browser if it is closed (`r` on an open one would be a no-op step).
    mutating func requireClosedBrowser() -> String? {
        guard let name = requireBrowser() else { return nil }
        guard !(browser?.isOpen ?? true) else {
            message = (L10n.format("message.alreadyOpen", language, name), false)
            return nil
        }
        return name
    }

    /// The selected browser if its jar holds something (`e` on an empty one would be a no-op).
    mutating func requireFullJar() -> String? {
        guard let name = requireBrowser() else { return nil }
        guard !(browser?.jar.cookies.isEmpty ?? true) else {
            message = (L10n.format("message.jarEmpty", language, name), false)
            return nil
        }
        return name
    }

    /// Whether there is a browser other than the selected one to steal from.
    mutating func requireAnotherBrowser() -> Bool {
        guard world.browsers.count > 1 else {
            message = (L10n.text("message.nobodyToRob", language), true)
            return false
        }
        return true
    }
}
