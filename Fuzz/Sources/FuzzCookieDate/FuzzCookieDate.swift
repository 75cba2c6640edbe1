import SessionScopeCore

/// Fuzzes the cookie-date algorithm (RFC 6265 section 5.1.1): no crash, and every date it
/// accepts prints as a valid HTTP date that parses back to the same instant.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let seconds = CookieDate.parse(text) {
        let printed = CivilTime(unixSeconds: seconds).httpDate
        precondition(CookieDate.parse(printed) == seconds, "round trip of \(printed)")
    }
    return 0
}
