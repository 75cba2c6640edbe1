import Foundation
import NIOCore
import NIOHTTP1

/// One complete request as a listener received it: head and body, within the limits.
struct ReceivedRequest {
    var head: HTTPRequestHead
    var body: [UInt8]
    /// The client's address (`127.0.0.2:41236`), and its IPv4 part.
    var remote: String
    var remoteIP: String
    /// The client's connection: a request that waited for a statement is dropped, not applied,
    /// when its client has gone meanwhile (it would never get the answer).
    var channel: Channel?

    /// Whether the client can still get the answer.
    var clientIsConnected: Bool { channel?.isActive ?? true }
}

/// What a listener answers: status, headers and body.
struct Answer {
    var status: Int
    var headers: [(String, String)]
    var body: String
    /// The body as bytes received from a server (the balancer relays it as it came, with no
    /// copy into a `String` and back); when set, it is sent instead of `body`.
    var bytes: ByteBuffer?

    init(status: Int, headers: [(String, String)], body: String, bytes: ByteBuffer? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bytes = bytes
    }

    /// The balancer's own answers (bad input, no live server): `X-Served-By: balancer`.
    static func balancer(_ status: Int, _ text: String) -> Answer {
        Answer(
            status: status,
            headers: [("X-Served-By", "balancer"), ("Content-Type", "text/plain; charset=utf-8")],
            body: "\(status) \(text)\n")
    }
}

/// The limits of live-mode.md for every listener: 16 KiB of headers (431), 64 KiB of body
/// (413), 10 s of silence, malformed requests (400); after such an answer the input is
/// drained for up to a second and the connection closed.
enum FrontLimits {
    static let headerBytes = 16 * 1024
    static let bodyBytes = 64 * 1024
    /// `SESSIONSCOPE_LIVE_IDLE_SECONDS` shortens it for tests (a statement longer than it).
    static let idle = TimeAmount.seconds(
        ProcessInfo.processInfo.environment["SESSIONSCOPE_LIVE_IDLE_SECONDS"].flatMap(Int64.init) ?? 10)
    static let drain = TimeAmount.seconds(1)
    static let connections = 1024

    static var decoderLimits: NIOHTTPDecoderLimitConfiguration {
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = headerBytes
        limits.maxHeaderListSize = headerBytes
        return limits
    }
}

/// The inbound end of a listener's pipeline: collects each request within the limits and
/// hands it to `onRequest`, which answers through the given closure (now or later, on the
/// same event loop). Requests on one connection are answered in order.
final class RequestFront: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    typealias Handler = (ReceivedRequest, @escaping (Answer) -> Void) -> Void
    private let onRequest: Handler
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var rejected = false
    private var remote = ""
    private var remoteIP = ""
    /// Requests received and not yet answered: a client waiting for its answer (a statement
    /// runs) is not silent, so the idle limit does not cut it off.
    private var unanswered = 0

    init(onRequest: @escaping Handler) { self.onRequest = onRequest }

    func channelActive(context: ChannelHandlerContext) {
        if let address = context.channel.remoteAddress {
            remoteIP = address.ipAddress ?? ""
            remote = "\(remoteIP):\(address.port ?? 0)"
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !rejected else { return }
        switch unwrapInboundIn(data) {
        case .head(let received):
            head = received
            body = []
            if let length = received.headers.first(name: "content-length").flatMap(Int.init),
                length > FrontLimits.bodyBytes
            {
                return reject(context, .balancer(413, "Content Too Large: the limit is 64 KiB"))
            }
        case .body(var buffer):
            guard body.count + buffer.readableBytes <= FrontLimits.bodyBytes else {
                return reject(context, .balancer(413, "Content Too Large: the limit is 64 KiB"))
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            self.head = nil
            let request = ReceivedRequest(
                head: head, body: body, remote: remote, remoteIP: remoteIP, channel: context.channel)
            unanswered += 1
            body = []
            let keepAlive = head.isKeepAlive
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            onRequest(request) { answer in
                let (front, context) = loopBound.value
                front.unanswered -= 1
                front.write(answer, keepAlive: keepAlive, context: context)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        guard !rejected else { return }
        guard let error = error as? HTTPParserError else {
            // The connection itself failed (a reset: HAProxy's health checks close that way):
            // there is nobody to answer, and writing would break the pipeline's state.
            context.close(promise: nil)
            return
        }
        if case .headerOverflow = error {
            reject(context, .balancer(431, "Request Header Fields Too Large: the limit is 16 KiB"))
        } else {
            reject(context, .balancer(400, "Bad Request"))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            if unanswered == 0 { context.close(promise: nil) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Answers bad input, then drains for up to a second and closes.
    private func reject(_ context: ChannelHandlerContext, _ answer: Answer) {
        rejected = true
        write(answer, keepAlive: false, context: context, closeNow: false)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: FrontLimits.drain) { channel.close(promise: nil) }
    }

    private func write(_ answer: Answer, keepAlive: Bool, context: ChannelHandlerContext, closeNow: Bool = true) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders(answer.headers)
        var buffer: ByteBuffer
        if let bytes = answer.bytes {
            buffer = bytes
        } else {
            buffer = context.channel.allocator.buffer(capacity: answer.body.utf8.count)
            buffer.writeString(answer.body)
        }
        headers.replaceOrAdd(name: "Content-Length", value: String(buffer.readableBytes))
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.writeAndFlushPromise()
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: done)
        if !keepAlive && closeNow {
            let channel = context.channel
            done.futureResult.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

extension ChannelHandlerContext {
    fileprivate func writeAndFlushPromise() -> EventLoopPromise<Void> { eventLoop.makePromise() }
}

extension ChannelPipeline.SynchronousOperations {
    /// The HTTP/1.1 server pipeline of every listener, with the limits and `front` last.
    func addLiveServerHandlers(_ front: RequestFront) throws {
        try addHandler(
            ByteToMessageHandler(
                HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: FrontLimits.decoderLimits)))
        try addHandler(HTTPResponseEncoder())
        try addHandler(HTTPServerPipelineHandler())
        try addHandler(IdleStateHandler(readTimeout: FrontLimits.idle))
        try addHandler(front)
    }
}
