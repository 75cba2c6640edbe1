import Foundation
import NIOCore
import SessionScopeCore
import SessionScopeHTTP1

/// One complete request as a listener received it: head and body, within the limits.
struct ReceivedRequest {
    var message: HTTP1Message
    var body: [UInt8] { message.body }
    /// The client's address (`127.0.0.2:41236`), and its IPv4 part, as text and parsed (once
    /// per connection, not per request).
    var remote: String
    var remoteIP: String { didSet { address = IPv4(parsing: remoteIP) } }
    var address: IPv4?
    /// The client's connection: a request that waited for a statement is dropped, not applied,
    /// when its client has gone meanwhile (it would never get the answer).
    var channel: Channel?
    /// The listener's handler of that connection (whether the client shut its side).
    var front: RequestFront?

    /// Whether the client still waits for the answer. A client that shut its sending side
    /// (as one that gave up does, and as `nc -N` does) counts as gone for a request that
    /// waited for a statement: TCP does not tell the two apart.
    var clientIsConnected: Bool { (channel?.isActive ?? true) && !(front?.inputClosed ?? false) }
}

/// What a listener answers: status, headers and body.
struct Answer {
    var status: Int
    var headers: [(String, String)]
    var body: String
    /// The body as bytes received from a server (the balancer relays it as it came, with no
    /// copy into a `String` and back); when set, it is sent instead of `body`.
    var bytes: [UInt8]?

    init(status: Int, headers: [(String, String)], body: String, bytes: [UInt8]? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bytes = bytes
    }

    /// The balancer's own answers (bad input, no live server): `X-Served-By: balancer`.
    static func balancer(_ status: Int, _ text: String) -> Answer { listener("balancer", status, text) }

    /// A listener's own answer (bad input): `X-Served-By` names the listener.
    static func listener(_ name: String, _ status: Int, _ text: String) -> Answer {
        Answer(
            status: status,
            headers: [("X-Served-By", name), ("Content-Type", "text/plain; charset=utf-8")],
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
    /// A server's listener takes more: the balancer forwards a form it re-encoded, and a
    /// byte of a 64 KiB body can become three (`%21`); a client sending to a server's port
    /// directly is refused anyway (421).
    static let forwardedBodyBytes = 3 * bodyBytes + 1024
}

/// A listener's whole HTTP/1.1 server side, as one handler on raw bytes: it reads requests
/// within the limits (`HTTP1Reader`), hands each to `onRequest`, which answers through the
/// given closure (now or later, on the same event loop), writes each answer in one write,
/// answers requests on one connection in order, and disconnects a client silent for the
/// idle limit. One handler instead of NIO's decoder, encoder, pipelining and idle handlers:
/// a request crosses two listeners in live mode, and that chain was most of its cost.
final class RequestFront: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    typealias Handler = (ReceivedRequest, @escaping (Answer) -> Void) -> Void
    private let onRequest: Handler
    /// `balancer` or `server-K`: who answers bad input (`X-Served-By`).
    private let name: String
    private var reader: HTTP1Reader
    /// No more requests are taken on this connection: bad input was answered (the rest is
    /// drained), or an answer said `Connection: close`.
    private var finished = false
    private var remote = ""
    private var remoteIP = ""
    private var address: IPv4?
    /// A request handed to `onRequest` and not answered yet: the next one waits (answers go
    /// out in order), and a client waiting for its answer (a statement runs) is not silent.
    private var answering = false
    /// `serveNext`'s loop is running: an answer given at once (a 405, a 421) lets the loop
    /// take the next request instead of calling it again, so thousands of pipelined
    /// requests do not nest thousands of calls deep.
    private var serving = false
    /// Whether NIO's read was held back: the client sent too much ahead of its answers, or
    /// does not read them (the channel is not writable).
    private var holdingRead = false
    /// The last time the client sent something or was answered (the idle limit's clock).
    private var lastActivity = NIODeadline.now()
    /// The client shut its side (`shutdown(SHUT_WR)`, `nc -N`): what it sent is answered,
    /// then the connection is closed.
    private(set) var inputClosed = false
    private var idleCheck: Scheduled<Void>?

    init(name: String = "balancer", bodyBytes: Int = FrontLimits.bodyBytes, onRequest: @escaping Handler) {
        self.name = name
        self.onRequest = onRequest
        reader = HTTP1Reader(
            kind: .request, limits: HTTP1Limits(headerBytes: FrontLimits.headerBytes, bodyBytes: bodyBytes))
    }

    func channelActive(context: ChannelHandlerContext) {
        if let address = context.channel.remoteAddress {
            remoteIP = address.ipAddress ?? ""
            remote = "\(remoteIP):\(address.port ?? 0)"
            self.address = IPv4(parsing: remoteIP)
        }
        lastActivity = .now()
        scheduleIdleCheck(context, in: FrontLimits.idle)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        idleCheck = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !finished else { return }
        lastActivity = .now()
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { reader.append($0) }
        serveNext(context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        // The client read its answers: the requests it sent meanwhile are taken again.
        if context.channel.isWritable { serveNext(context) }
        context.fireChannelWritabilityChanged()
    }

    /// Hands over the complete requests in order, one at a time, while the client reads
    /// its answers.
    private func serveNext(_ context: ChannelHandlerContext) {
        guard !serving else { return }
        serving = true
        defer { serving = false }
        while !answering && !finished && context.channel.isActive && context.channel.isWritable {
            let message: HTTP1Message
            do {
                guard let next = try reader.next() else {
                    if inputClosed { return closeAfterAnswers(context) }
                    if reader.takeContinue() { sendContinue(context) }
                    return resumeReading(context)
                }
                message = next
            } catch {
                switch error {
                case .headersTooLarge:
                    return reject(
                        context, .listener(name, 431, "Request Header Fields Too Large: the limit is 16 KiB"))
                case .bodyTooLarge:
                    let limit = "\(reader.limits.bodyBytes / 1024) KiB"
                    return reject(context, .listener(name, 413, "Content Too Large: the limit is \(limit)"))
                case .malformed:
                    return reject(context, .listener(name, 400, "Bad Request"))
                }
            }
            hand(message, context)
        }
    }

    /// One request to `onRequest`; its answer is written when it comes (now or later).
    private func hand(_ message: HTTP1Message, _ context: ChannelHandlerContext) {
        let request = ReceivedRequest(
            message: message, remote: remote, remoteIP: remoteIP, address: address, channel: context.channel,
            front: self)
        answering = true
        let keepAlive = message.isKeepAlive
        let http10 = message.minorVersion == 0
        // An answer to HEAD has the headers of the answer to GET and no body (RFC 9110 9.3.2).
        let withBody = message.method != "HEAD"
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        onRequest(request) { answer in
            let (front, context) = loopBound.value
            front.answering = false
            front.lastActivity = .now()
            if !keepAlive { front.finished = true }
            front.write(answer, keepAlive: keepAlive, http10: http10, withBody: withBody, context: context)
            // Within `serveNext`'s loop (an answer given at once) this returns at once.
            front.serveNext(context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            inputClosed = true
            if !answering { serveNext(context) }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Closes once the answers written so far have left (an empty write completes after them).
    private func closeAfterAnswers(_ context: ChannelHandlerContext) {
        finished = true
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(channel.allocator.buffer(capacity: 0))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    func read(context: ChannelHandlerContext) {
        // A client that sends far ahead of its answers, or does not read them, is not read
        // until they catch up; what follows bad input is read only to be dropped.
        if !finished
            && (!context.channel.isWritable
                || answering && reader.bufferedBytes > reader.limits.headerBytes + reader.limits.bodyBytes)
        {
            holdingRead = true
            return
        }
        context.read()
    }

    private func resumeReading(_ context: ChannelHandlerContext) {
        guard holdingRead else { return }
        holdingRead = false
        context.read()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // The connection itself failed (a reset: HAProxy's health checks close that way):
        // there is nobody to answer.
        context.close(promise: nil)
    }

    /// Closes a connection silent for the idle limit, unless it waits for an answer.
    private func scheduleIdleCheck(_ context: ChannelHandlerContext, in delay: TimeAmount) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleCheck = context.eventLoop.scheduleTask(in: delay) {
            let (front, context) = loopBound.value
            let silent = NIODeadline.now() - front.lastActivity
            if silent < FrontLimits.idle {
                front.scheduleIdleCheck(context, in: FrontLimits.idle - silent)
            } else if front.answering {
                front.scheduleIdleCheck(context, in: FrontLimits.idle)
            } else {
                context.close(promise: nil)
            }
        }
    }

    /// `Expect: 100-continue`: the client may send its body (curl waits a second otherwise).
    private func sendContinue(_ context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: 25)
        buffer.writeStaticString("HTTP/1.1 100 Continue\r\n\r\n")
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    /// Answers bad input, then drains for up to a second and closes.
    private func reject(_ context: ChannelHandlerContext, _ answer: Answer) {
        finished = true
        write(answer, keepAlive: false, http10: false, withBody: true, context: context, closeNow: false)
        resumeReading(context)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: FrontLimits.drain) { channel.close(promise: nil) }
    }

    private func write(
        _ answer: Answer, keepAlive: Bool, http10: Bool, withBody: Bool, context: ChannelHandlerContext,
        closeNow: Bool = true
    ) {
        guard context.channel.isActive else { return }
        let size = 256 + (answer.bytes?.count ?? answer.body.utf8.count)
        var buffer = context.channel.allocator.buffer(capacity: size)
        buffer.writeHTTP1Response(answer, keepAlive: keepAlive, http10: http10, withBody: withBody)
        guard !keepAlive && closeNow else {
            return context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }
}

extension ChannelPipeline.SynchronousOperations {
    /// The HTTP/1.1 server side of every listener.
    func addLiveServerHandlers(_ front: RequestFront) throws {
        try addHandler(front)
    }
}
