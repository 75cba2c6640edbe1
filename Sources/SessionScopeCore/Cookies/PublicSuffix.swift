/// A deliberately small public-suffix check (RFC 6265 section 5.3 step 5).
///
/// The full Public Suffix List is a large, changing data file; sessionscope only needs
/// the rule's effect for teaching and for the http-state tests: every top-level label is
/// a public suffix, and so are a few well-known shared second-level registries.
enum PublicSuffix {
    private static let registries: Set<String> = [
        "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.jp", "ne.jp",
        "or.jp", "co.kr", "or.kr", "ne.kr", "com.cn", "com.br", "co.nz", "co.in",
        "github.io", "herokuapp.com", "blogspot.com", "appspot.com", "cloudfront.net",
    ]

    static func isPublicSuffix(_ domain: String) -> Bool {
        !domain.contains(".") || registries.contains(domain)
    }
}
