import NIOCore
import NIOHTTP1
import NIOPosix
import SessionScopeCore

/// A built-in browser's real request: a connection from the browser's own loopback
/// address to the balancer, the request its jar prepared, and the answer.
enum BrowserConnection {
    /// The K-th browser (1-based) binds the (K+1)-th address of 127.0.0.0/8.
    static func address(forBrowser k: Int) -> String {
        let value = UInt32(127) << 24 | UInt32(truncatingIfNeeded: k + 1) & 0x00FF_FFFF
        return IPv4(value).description
    }

    /// Sends `request` for exchange `id` from `localIP` to the balancer; the future holds
    /// the answer (nil when the connection failed).
    static func send(
        _ request: HTTPRequest, exchange id: Int, from localIP: String, to port: Int, on loop: EventLoop
    ) -> EventLoopFuture<Answer?> {
        let promise = loop.makePromise(of: Answer?.self)
        let handler = UpstreamConnection.Handler()
        let bootstrap = ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
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
                var headers = HTTPHeaders()
                headers.add(name: "Host", value: "127.0.0.1:\(port)")
                headers.add(name: LiveCluster.exchangeHeader, value: String(id))
                headers.add(name: "User-Agent", value: "sessionscope-browser")
                headers.add(name: "Connection", value: "close")
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
