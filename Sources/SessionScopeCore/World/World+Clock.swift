extension World {
    /// `advance DURATION`: moves the clock, running in time order what falls due on the
    /// way: cookie expiry in every jar, and a sweep at every multiple of `sweep`.
    mutating func advance(by span: TimeSpan) {
        let target = clock + span
        // Nothing is normally due yet (every advance ends by evicting what expired); this
        // makes sure the queue holds only later expiries before it is asked for the next.
        expireCookies()
        while true {
            let sweepTick = Instant(
                milliseconds: (clock.milliseconds / settings.sweep.milliseconds + 1) * settings.sweep.milliseconds)
            let cookieDue = cookieExpiries.earliest.map { Instant(milliseconds: $0 - settings.epoch * 1000) }
            var next = sweepTick
            if let cookieDue, cookieDue < next { next = cookieDue }
            guard next <= target else { break }
            clock = next
            expireCookies()
            if next == sweepTick { sweep() }
        }
        clock = target
        expireCookies()
        emit(.clockAdvanced(to: clock))
    }

    /// Evicts the cookies expired by now, visiting only the browsers the queue names.
    private mutating func expireCookies() {
        let now = unixMilliseconds
        for index in cookieExpiries.takeDue(upTo: now) {
            for cookie in browsers[index].jar.evictExpired(now: now) {
                emit(.cookieExpired(browser: browsers[index].name, name: cookie.name))
            }
        }
    }

    /// Removes expired sessions on every live server and in the shared store.
    mutating func sweep() {
        // A store that is down cannot be swept, but the servers' own memories can.
        guard storeIsUp || storePlacement != .shared else { return }
        do {
            let swept = try store.sweep(now: clock, memory: &servers)
            for part in swept {
                emit(.sessionsSwept(ids: part.removed.map(\.0.id), at: part.location))
            }
            // A sweep that found nothing is not worth a line per tick.
            if swept.isEmpty { discardTimings() } else { recordTimings() }
        } catch {
            recordTimings()
            emit(.storeFailed(operation: .sweep, cause: Self.cause(of: error)))
        }
    }

    static func cause(of error: any Error) -> String {
        (error as? StoreError)?.cause ?? String(describing: error)
    }
}
