import SessionScopeHTTP1

/// Fuzzes live mode's HTTP/1.1 reader: any bytes, as a request stream and as a response
/// stream, fed whole and in pieces of a size the first byte picks, must be read without a
/// crash, to the same messages and the same kind of failure either way, each within the
/// limits.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = HTTP1Limits(headerBytes: 512, bodyBytes: 1024)
    for kind in [HTTP1Reader.Kind.request, .response] {
        let whole = Reading(bytes, kind: kind, limits: limits, step: max(1, bytes.count))
        let pieces = Reading(bytes, kind: kind, limits: limits, step: Int(bytes.first ?? 0) % 16 + 1)
        precondition(whole == pieces, "the same bytes read two ways")
        for message in whole.messages { precondition(message.body.count <= limits.bodyBytes) }
    }
    return 0
}

/// What a reader made of a stream: its messages, and how it failed (if it did).
struct Reading: Equatable {
    struct Message: Equatable {
        var start: HTTP1Message.Start
        var minorVersion: Int
        var fields: [String]
        var body: [UInt8]
    }

    var messages: [Message] = []
    var failure: Int?

    init(_ bytes: [UInt8], kind: HTTP1Reader.Kind, limits: HTTP1Limits, step: Int) {
        var reader = HTTP1Reader(kind: kind, limits: limits)
        var offset = 0
        do {
            while offset < bytes.count {
                let end = min(bytes.count, offset + step)
                reader.append(contentsOf: bytes[offset..<end])
                offset = end
                while let message = try reader.next() { add(message) }
            }
            if let last = try reader.finish() { add(last) }
        } catch {
            switch error {
            case .malformed: failure = 0
            case .headersTooLarge: failure = 1
            case .bodyTooLarge: failure = 2
            }
        }
    }

    private mutating func add(_ message: HTTP1Message) {
        messages.append(
            Message(
                start: message.start, minorVersion: message.minorVersion,
                fields: message.headers.map { "\($0.name): \($0.value)" }, body: message.body))
    }
}
