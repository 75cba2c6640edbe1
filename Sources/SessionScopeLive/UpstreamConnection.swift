import NIOCore
import SessionScopeCore
import SessionScopeHTTP1

/// One keep-alive connection from the balancer to a server: one request at a time.
/// Confined to the cluster's event loop (hence `@unchecked Sendable`).
final class UpstreamConnection: @unchecked Sendable {
    let channel: Channel
    let handler: Handler
    /// When it was last put back in the pool (idle since).
    var idleSince = NIODeadline.now()

    init(channel: Channel, handler: Handler) {
        self.channel = channel
        self.handler = handler
    }

    /// Whether the server kept the connection open for another request.
    var isReusable: Bool { channel.isActive && handler.keepAlive }

    /// Sends the request (method, path, `Cookie`, form) with `headers`, in one write;
    /// `done` gets the answer, or nil when the connection failed first.
    func send(
        _ request: HTTPRequest, wantsHTML: Bool, headers extra: [(String, String)], done: @escaping (Answer?) -> Void
    ) {
        handler.done = done
        guard channel.isActive else { return handler.fail() }
        var headers = extra
        if let cookie = request.cookieHeader { headers.append(("Cookie", cookie)) }
        if wantsHTML { headers.append(("Accept", "text/html")) }
        if request.method == .post { headers.append(("Content-Type", "application/x-www-form-urlencoded")) }
        var buffer = channel.allocator.buffer(capacity: 512)
        buffer.writeHTTP1Request(
            method: request.method == .get ? "GET" : "POST", target: request.path, headers: headers,
            body: FormBody.encode(request.form))
        // A failed write closes the channel: `channelInactive` fails the request then.
        channel.writeAndFlush(buffer, promise: nil)
    }

    /// Reads one response at a time (`HTTP1Reader`) and hands it over.
    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var done: ((Answer?) -> Void)?
        var keepAlive = true
        /// A server's pages are small; a megabyte is far more than any of them.
        private var reader = HTTP1Reader(
            kind: .response, limits: HTTP1Limits(headerBytes: 64 * 1024, bodyBytes: 1 << 20))

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            buffer.withUnsafeReadableBytes { reader.append($0) }
            do {
                while let message = try reader.next() { deliver(message, context: context) }
            } catch {
                keepAlive = false
                fail()
                context.close(promise: nil)
            }
        }

        private func deliver(_ message: HTTP1Message, context: ChannelHandlerContext) {
            keepAlive = keepAlive && message.isKeepAlive
            var headers: [(String, String)] = []
            headers.reserveCapacity(message.headers.count)
            for (name, value) in message.headers
            where !name.equalsASCIICaseInsensitive("content-length") && !name.equalsASCIICaseInsensitive("connection")
                && !name.equalsASCIICaseInsensitive("transfer-encoding")
            {
                headers.append((name, value))
            }
            let answer = Answer(status: message.status, headers: headers, body: "", bytes: message.body)
            let callback = done
            done = nil
            callback?(answer)
        }

        func channelInactive(context: ChannelHandlerContext) {
            keepAlive = false
            // A response that ends with the connection is complete now.
            if let message = try? reader.finish() { deliver(message, context: context) }
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
