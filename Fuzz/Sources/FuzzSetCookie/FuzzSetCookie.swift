import SessionScopeCore

/// Fuzzes the Set-Cookie parser and the jar's storage and Cookie-header rules: any bytes, as
/// headers separated by newlines, must be handled without a crash, and what the jar sends
/// must be a `name=value` list.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let from = RequestURL(host: "home.example.org", path: "/cookie-parser")
    var jar = CookieJar()
    for header in text.split(separator: "\n", omittingEmptySubsequences: false) {
        jar.receive(String(header), from: from, now: 1_293_840_000_000)
    }
    if let sent = jar.cookieHeader(
        for: RequestURL(host: "home.example.org", path: "/cookie-parser-result"), now: 1_293_840_000_000)
    {
        precondition(!sent.isEmpty)
    }
    _ = jar.dropSessionCookies()
    return 0
}
