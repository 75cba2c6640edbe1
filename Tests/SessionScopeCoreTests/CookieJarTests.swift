import SessionScopeCore
import Testing

let site = RequestURL(host: "app.example")
let t0: Int64 = 1_767_225_600_000

@Test func closingDropsSessionCookiesOnly() {
    var jar = CookieJar()
    jar.receive("SID=abc; Path=/; HttpOnly", from: site, now: t0)
    jar.receive("remember=yes; Max-Age=3600", from: site, now: t0)
    let dropped = jar.dropSessionCookies()
    #expect(dropped.map(\.name) == ["SID"])
    #expect(jar.cookieHeader(for: site, now: t0) == "remember=yes")
}

@Test func maxAgeWinsOverExpiresWhateverTheOrder() {
    var jar = CookieJar()
    jar.receive("a=1; Max-Age=60; Expires=Thu, 01 Jan 1970 00:00:00 GMT", from: site, now: t0)
    jar.receive("b=2; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60", from: site, now: t0)
    #expect(jar.cookieHeader(for: site, now: t0) == "a=1; b=2")
    #expect(jar.cookieHeader(for: site, now: t0 + 60_000) == nil)
}

@Test func aPastExpiryDeletesTheCookie() {
    var jar = CookieJar()
    jar.receive("SID=abc; Path=/", from: site, now: t0)
    let outcome = jar.receive("SID=; Path=/; Max-Age=0", from: site, now: t0)
    guard case .deleted(let name, let removed) = outcome else {
        Issue.record("not deleted: \(outcome)")
        return
    }
    #expect(name == "SID")
    #expect(removed?.value == "abc")
    #expect(jar.cookies.isEmpty)
}

@Test func replacementKeepsCreationTimeAndOrder() {
    var jar = CookieJar()
    jar.receive("a=1", from: site, now: t0)
    jar.receive("b=2", from: site, now: t0 + 1000)
    jar.receive("a=3", from: site, now: t0 + 2000)
    #expect(jar.cookieHeader(for: site, now: t0 + 3000) == "a=3; b=2")
}

@Test func longerPathsFirst() {
    var jar = CookieJar()
    var deep = site
    deep.path = "/shop/cart"
    jar.receive("root=1; Path=/", from: site, now: t0)
    jar.receive("shop=2; Path=/shop", from: site, now: t0)
    #expect(jar.cookieHeader(for: deep, now: t0) == "shop=2; root=1")
    #expect(jar.cookieHeader(for: site, now: t0) == "root=1")
}

@Test func secureCookiesAreNotSentOverHTTP() {
    var jar = CookieJar()
    var secure = site
    secure.secure = true
    jar.receive("s=1; Secure", from: secure, now: t0)
    #expect(jar.cookieHeader(for: site, now: t0) == nil)
    #expect(jar.cookieHeader(for: secure, now: t0) == "s=1")
    #expect(jar.select(for: site, now: t0).withheld.map(\.1) == [.secure])
}

@Test func domainCookiesReachSubdomainsButHostOnlyDoNot() {
    var jar = CookieJar()
    let home = RequestURL(host: "example.org")
    jar.receive("wide=1; Domain=example.org", from: home, now: t0)
    jar.receive("narrow=2", from: home, now: t0)
    #expect(jar.cookieHeader(for: RequestURL(host: "www.example.org"), now: t0) == "wide=1")
    #expect(jar.cookieHeader(for: home, now: t0) == "wide=1; narrow=2")
}

@Test func publicSuffixDomainsAreRefused() {
    var jar = CookieJar()
    let outcome = jar.receive("evil=1; Domain=com", from: RequestURL(host: "shop.example.com"), now: t0)
    #expect(outcome == .ignored(CookieJar.Rejection(.invalidDomain, "Domain=com is a public suffix")))
}

@Test func oversizedCookiesAreRefused() {
    var jar = CookieJar()
    let big = String(repeating: "x", count: CookieJar.maxCookieBytes)
    #expect(
        jar.receive("a=\(big)", from: site, now: t0)
            == .ignored(CookieJar.Rejection(.nameValuePairExceedsMaxSize, "larger than 4096 bytes")))
}

@Test func perDomainLimitEvictsTheLeastRecentlyUsed() {
    var jar = CookieJar()
    for i in 0...CookieJar.maxCookiesPerDomain {
        jar.receive("c\(i)=v", from: site, now: t0 + Int64(i))
    }
    #expect(jar.cookies.count == CookieJar.maxCookiesPerDomain)
    #expect(!jar.cookies.contains { $0.name == "c0" })
}

@Test func durationsParseAndPrint() {
    #expect(TimeSpan(parsing: "1h30m") == .minutes(90))
    #expect(TimeSpan(parsing: "90s") == .seconds(90))
    #expect(TimeSpan(parsing: "250ms") == .milliseconds(250))
    #expect(TimeSpan(parsing: "2d") == .days(2))
    #expect(TimeSpan(parsing: "30") == nil)
    #expect(TimeSpan(parsing: "m") == nil)
    #expect(TimeSpan(parsing: "") == nil)
    #expect(TimeSpan(parsing: "99999999999999999999d") == nil)
    #expect(TimeSpan.minutes(90).description == "1h30m")
    #expect(Instant(milliseconds: 3_723_000).description == "1:02:03")
}

@Test func sessionIDsRoundTripThroughHex() throws {
    var random = SplitMix64(seed: 1)
    let id = SessionID(using: &random)
    #expect(id.description.count == 32)
    #expect(SessionID(hex: id.description) == id)
    #expect(SessionID(hex: "xyz") == nil)
}

// The jar reuses its last `Cookie` header; these check that reuse never shows.

@Test func aReusedHeaderStillFollowsExpiryPathAndChanges() {
    var jar = CookieJar()
    jar.receive("a=1; Max-Age=60", from: site, now: t0)
    jar.receive("b=2; Path=/admin", from: site, now: t0)
    let me = RequestURL(host: "app.example", path: "/me")
    let admin = RequestURL(host: "app.example", path: "/admin")
    #expect(jar.cookieHeader(for: me, now: t0) == "a=1")
    #expect(jar.cookieHeader(for: me, now: t0 + 59_999) == "a=1")
    #expect(jar.cookieHeader(for: admin, now: t0 + 59_999) == "b=2; a=1")
    // The clock reaches a's expiry: the same URL gets a different answer.
    let (header, withheld) = jar.header(for: me, now: t0 + 60_000)
    #expect(header == nil)
    #expect(withheld.map(\.name) == ["a", "b"])
    jar.receive("c=3", from: site, now: t0 + 61_000)
    #expect(jar.cookieHeader(for: me, now: t0 + 61_000) == "c=3")
    // A caller whose clock goes back is answered for that time, not from the cache.
    #expect(jar.cookieHeader(for: me, now: t0 + 1_000) == "a=1; c=3")
}

@Test func sendingFromTheCachedHeaderStillCountsAsAccess() {
    var jar = CookieJar()
    jar.receive("old=1", from: site, now: t0)
    jar.receive("new=2; Path=/other", from: site, now: t0 + 1)
    let other = RequestURL(host: "app.example", path: "/other")
    #expect(jar.cookieHeader(for: other, now: t0 + 2000) == "new=2; old=1")
    // Then `old` alone is sent again and again, from the cached header.
    for second in 3...5 { #expect(jar.cookieHeader(for: site, now: t0 + Int64(second) * 1000) == "old=1") }
    #expect(jar.cookies.first { $0.name == "old" }?.lastAccess == t0 + 5000)
    #expect(jar.cookies.first { $0.name == "new" }?.lastAccess == t0 + 2000)
    // At the per-domain limit, the least recently used goes: `new`, not the busy `old`.
    for n in 0..<(CookieJar.maxCookiesPerDomain - 1) {
        jar.receive("filler\(n)=x; Path=/f", from: site, now: t0 + 6000)
    }
    #expect(jar.cookies.contains { $0.name == "old" })
    #expect(!jar.cookies.contains { $0.name == "new" })
}

// MARK: - RFC 6265bis: Secure and SameSite (scenario language 1.1)

private let plain = RequestURL(host: "app.example")
private let tls = RequestURL(secure: true, host: "app.example")

@Test func aSecureCookieSetOverHTTPIsRejected() {
    var jar = CookieJar()
    #expect(
        jar.receive("a=1; Secure", from: plain, now: 0)
            == .ignored(CookieJar.Rejection(.secureOnly, "Secure cookie set over http")))
    #expect(jar.cookies.isEmpty)
    guard case .stored = jar.receive("a=1; Secure", from: tls, now: 0) else { return #expect(Bool(false)) }
    // Stored over https, withheld over http.
    #expect(jar.header(for: plain, now: 1).withheld.map(\.why) == [.secure])
    #expect(jar.header(for: tls, now: 1).header == "a=1")
}

@Test func sameSiteNoneWithoutSecureIsRejected() {
    var jar = CookieJar()
    let outcome = jar.receive("a=1; SameSite=None", from: tls, now: 0)
    #expect(outcome == .ignored(CookieJar.Rejection(.sameSiteNoneInsecure, "SameSite=None without Secure")))
    guard case .stored(let cookie, _) = jar.receive("a=1; SameSite=None; Secure", from: tls, now: 0) else {
        return #expect(Bool(false))
    }
    #expect(cookie.sameSite == CookieSameSite.none)
}

@Test func crossSiteRequestsFollowSameSite() {
    var jar = CookieJar()
    for header in [
        "s=1; SameSite=Strict", "l=1; SameSite=lax", "n=1; SameSite=None; Secure", "o=1", "x=1; SameSite=bogus",
    ] {
        jar.receive(header, from: tls, now: 0)
    }
    let link = CookieJar.CrossSite(site: "evil.example", isGet: true)
    let form = CookieJar.CrossSite(site: "evil.example", isGet: false)
    let viaLink = jar.header(for: tls, now: 1, crossSite: link)
    #expect(viaLink.header == "l=1; n=1; o=1; x=1")
    #expect(viaLink.withheld.map(\.name) == ["s"])
    #expect(viaLink.withheld.map(\.why) == [.sameSiteStrict])
    let viaForm = jar.header(for: tls, now: 1, crossSite: form)
    #expect(viaForm.header == "n=1; o=1; x=1")
    #expect(viaForm.withheld.map(\.why) == [.sameSiteStrict, .sameSiteLax])
    // The same site (a subdomain of it) is not cross-site.
    let sameSite = CookieJar.CrossSite(site: "shop.app.example", isGet: false)
    #expect(jar.header(for: tls, now: 1, crossSite: sameSite).header == "s=1; l=1; n=1; o=1; x=1")
    #expect(jar.header(for: tls, now: 1).header == "s=1; l=1; n=1; o=1; x=1")
}

@Test func withheldReasonsAreChromesNames() {
    let names = [CookieJar.Withheld.expired, .domain, .path, .secure, .sameSiteStrict, .sameSiteLax, .httpOnly]
        .map(\.chromeName)
    #expect(
        names == ["Expired", "DomainMismatch", "NotOnPath", "SecureOnly", "SameSiteStrict", "SameSiteLax", "HttpOnly"])
}

@Test func registrableDomainsDecideWhatIsTheSameSite() {
    #expect(CookieJar.sameSite("app.example", "app.example"))
    #expect(CookieJar.sameSite("app.example", "shop.app.example"))
    #expect(!CookieJar.sameSite("app.example", "evil.example"))
    #expect(CookieJar.sameSite("a.b.co.uk", "c.b.co.uk"))
    #expect(!CookieJar.sameSite("a.co.uk", "b.co.uk"))
}
