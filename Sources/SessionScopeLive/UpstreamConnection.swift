import NIOCore
import NIOHTTP1
import SessionScopeCore

/// One keep-alive connection from the balancer to a server: one request at a time.
/// Confined to the cluster's event loop (hence `@unchecked Sendable`).
final class UpstreamConnection: @unchecked Sendable {
    let channel: Channel
    let handler: Handler

    init(channel: Channel, handler: Handler) {
        self.channel = channel
        self.handler = handler
    }

    /// Whether the server kept the connection open for another request.
    var isReusable: Bool { channel.isActive && handler.keepAlive }

    /// Sends the request (method, path, `Cookie`, form) with `headers`; `done` gets the
    /// answer, or nil when the connection failed first.
    func send(
        _ request: HTTPRequest, wantsHTML: Bool, headers extra: HTTPHeaders, done: @escaping (Answer?) -> Void
    ) {
        var headers = extra
        if let cookie = request.cookieHeader { headers.add(name: "Cookie", value: cookie) }
        if wantsHTML { headers.add(name: "Accept", value: "text/html") }
        let body = Array(FormBody.encode(request.form).utf8)
        if request.method == .post {
            headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        }
        headers.add(name: "Content-Length", value: String(body.count))
        let method: HTTPMethod = request.method == .get ? .GET : .POST
        handler.done = done
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: request.path, headers: headers)
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if !body.isEmpty {
            var buffer = channel.allocator.buffer(capacity: body.count)
            buffer.writeBytes(body)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(buffer)), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil)).whenFailure { _ in self.handler.fail() }
    }

    /// Collects one response at a time and hands it over.
    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPClientResponsePart
        var done: ((Answer?) -> Void)?
        var keepAlive = true
        private var head: HTTPResponseHead?
        private var body: ByteBuffer?

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let received):
                head = received
                body = nil
                keepAlive = received.isKeepAlive
            case .body(var buffer):
                // Usually one buffer: kept as it is; more are joined.
                if body == nil { body = buffer } else { body?.writeBuffer(&buffer) }
            case .end:
                guard let head else { return }
                self.head = nil
                var headers: [(String, String)] = []
                headers.reserveCapacity(head.headers.count)
                for (name, value) in head.headers
                where !name.equalsIgnoringCase("content-length") && !name.equalsIgnoringCase("connection")
                    && !name.equalsIgnoringCase("transfer-encoding")
                {
                    headers.append((name, value))
                }
                let answer = Answer(
                    status: Int(head.status.code), headers: headers, body: "",
                    bytes: body ?? context.channel.allocator.buffer(capacity: 0))
                body = nil
                let callback = done
                done = nil
                callback?(answer)
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            keepAlive = false
            fail()
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            keepAlive = false
            fail()
            context.close(promise: nil)
        }

        func fail() {
            let callback = done
            done = nil
            callback?(nil)
        }
    }
}
