extension L10n {
    /// The English catalogue: every key the UI uses.
    static let english: [String: String] = [
        "narration.start": "(the narration appears here: → steps, PgDn goes to the next chapter)",
        "narration.none": "(no narration in this chapter so far: the trace shows what happened)",
        "keybar.step": "step",
        "keybar.back": "back",
        "keybar.play": "play",
        "keybar.chapter": "chapter",
        "header.clock": "clock",
        "status.next": "next: line {0}: {1}",
        "status.end": "end of scenario",
        "pane.trace": "Trace",
        "pane.browsers": "Browsers ({0})",
        "blank.hint": "b or . shows the screen again",
        "pane.balancer": "Balancer: {0}",
        "pane.store": "Store: {0}",
        "pane.token": "Token (jwt)",
        "server.up": "● up",
        "server.down": "✖ down",
        "server.session": "{0} session",
        "server.sessions": "{0} sessions",
        "server.reserved": "{0} reserved",
        "pane.narration": "Narration",
        "more.above": "↑ {0} more",
        "more.below": "↓ {0} more",
        "header.chapter": "chapter {0}/{1}",
        "header.step": "step {0}/{1}",
        "header.branch": "branch +{0}",
        "message.pause": "pause: → or p to go on",
        "message.end": "end of the walkthrough",
        "message.branchOpened": "a branch: the walkthrough is kept (Esc returns to step {0})",
        "message.branchClosed": "back in the walkthrough at step {0}/{1}",
        "keybar.walkthrough": "walkthrough",
        "keybar.help": "help",
        "keybar.command": "command",
        "keybar.quit": "quit",
        "help.title": "Help — any other key returns",
        "help.titlePaged": "Help {0}/{1} — ↓ PgDn more · any other key returns",
        "help.command":
            ":  takes any scenario statement: browser alice · alice login alice · server-2 kill · advance 31m",
        "help.filter": "/  filters browsers and sessions by name, user or id; Esc clears it",
        "filter.prompt": "filter: ",
        "filter.title": "{0} of {1} · /{2}",
        "filter.none": "nothing matches /{0} (Esc clears)",
        "confirm.quit": "{0} unsaved actions: q again quits, w writes them, Esc stays",
        "confirm.quit.one": "1 unsaved action: q again quits, w writes it, Esc stays",
        "confirm.overwrite": "{0} exists: y overwrites it, any other key keeps it",
        "confirm.cluster":
            "cluster starts a new world (browsers, sessions, servers go): y runs it, any other key keeps this one",
        "message.wrote": "wrote {0}: replay it with sessionscope replay {0}",
        "message.cannotWrite": "cannot write {0}: {1}",
        "message.cancelled": "cancelled",
        "message.closedBrowser": "{0} is closed: r reopens it",
    ]
}

extension L10n {
    /// Messages for keys that would do nothing.
    static let englishNoOps: [String: String] = [
        "message.alreadyOpen": "{0} is already open (c closes it)",
        "message.jarEmpty": "{0}'s cookie jar is already empty",
        "message.nobodyToRob": "no other browser to steal from: n opens one",
    ]
}
