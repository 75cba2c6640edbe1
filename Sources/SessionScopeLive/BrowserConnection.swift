import NIOCore
import NIOPosix
import NIOSSL
import SessionScopeCore

/// A built-in browser's real request: a connection from the browser's own loopback
/// address to the balancer, the request its jar prepared, and the answer.
enum BrowserConnection {
    /// The K-th browser (1-based) binds the (K+1)-th address of 127.0.0.0/8.
    static func address(forBrowser k: Int) -> String {
        let value = UInt32(127) << 24 | UInt32(truncatingIfNeeded: k + 1) & 0x00FF_FFFF
        return IPv4(value).description
    }

    /// The headers a browser sends with a top-level navigation from a page of another site
    /// (`from=SITE`): a link (`GET`) or a form (`POST`, which also sends `Origin`). The
    /// referrer is the site's origin only, as the default policy
    /// `strict-origin-when-cross-origin` sends it.
    static func crossSiteHeaders(from site: String, method: HTTPRequest.Method) -> [(String, String)] {
        var headers = [
            ("Referer", "https://\(site)/"), ("Sec-Fetch-Site", "cross-site"), ("Sec-Fetch-Mode", "navigate"),
            ("Sec-Fetch-Dest", "document"), ("Sec-Fetch-User", "?1"),
        ]
        if method == .post { headers.append(("Origin", "https://\(site)")) }
        return headers
    }

    /// Sends `request` for exchange `id` from `localIP` to the balancer (over TLS with
    /// `tls`); the future holds the answer (nil when the connection failed).
    static func send(
        _ request: HTTPRequest, exchange id: Int, from localIP: String, to port: Int, tls: NIOSSLContext? = nil,
        headers extra: [(String, String)] = [], on loop: EventLoop
    ) -> EventLoopFuture<Answer?> {
        let promise = loop.makePromise(of: Answer?.self)
        let handler = UpstreamConnection.Handler()
        let bootstrap = ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: tls, serverHostname: nil))
                    }
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let connecting: EventLoopFuture<Channel>
        do {
            connecting = bootstrap.bind(to: try SocketAddress(ipAddress: localIP, port: 0))
                .connect(host: "127.0.0.1", port: port)
        } catch {
            return loop.makeSucceededFuture(nil)
        }
        connecting.whenComplete { result in
            switch result {
            case .failure:
                promise.succeed(nil)
            case .success(let channel):
                let headers =
                    [
                        ("Host", "127.0.0.1:\(port)"), (LiveCluster.exchangeHeader, String(id)),
                        ("User-Agent", "sessionscope-browser"), ("Connection", "close"),
                    ] + extra
                let connection = UpstreamConnection(channel: channel, handler: handler)
                connection.send(request, wantsHTML: false, headers: headers) { answer in
                    promise.succeed(answer)
                    channel.close(promise: nil)
                }
            }
        }
        return promise.futureResult
    }
}
