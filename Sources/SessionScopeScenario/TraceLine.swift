import SessionScopeCore

/// One line of the trace with what kind of thing it tells, so a view styles it from the
/// event it came from, never from its English (or Korean) text.
public struct TraceLine: Equatable, Sendable {
    public var text: String
    public var tone: TraceTone

    public init(_ text: String, _ tone: TraceTone) {
        self.text = text
        self.tone = tone
    }
}

/// What a trace line tells.
public enum TraceTone: Equatable, Sendable {
    /// A statement as written, with the clock: `[0:00:00] 5 | alice login alice`.
    case statement
    /// The request on the wire (`>` lines).
    case request
    /// The response on the wire (`<` lines) that did not fail.
    case response
    /// Something went wrong or was refused: a 5xx, a crash, a store failure, a rejected
    /// token or login, a failed expectation.
    case failure
    /// A state transition with its reason.
    case transition
    /// A measured latency, shown beside what it measured.
    case measurement
    /// Narration, chapter marks and titles.
    case narration
}

extension Event {
    /// The tone of this event's lines. Exhaustive: a new event kind must say what it is.
    public var tone: TraceTone {
        switch self {
        case .requestSent: return .request
        case .responseReceived(_, _, let response): return response.status >= 500 ? .failure : .response
        case .serverCrashed, .storeWentDown, .storeFailed, .requestRejected, .tokenRejected, .loginFailed,
            .cookieIgnored, .tokenTampered, .storeReplicationFailed:
            return .failure
        case .storeOperation: return .measurement
        case .clusterBuilt, .accountAdded, .serverStarted, .serverAlreadyInState, .sessionsTransferred, .storeCameUp,
            .storeNotShared, .browserOpened, .browserAlreadyOpen, .browserClosed, .cookieDropped, .cookieSet,
            .cookieDeleted, .cookieExpired, .cookieWithheld, .cookiesStolen, .crowdArrived, .requestRouted,
            .sessionFound, .sessionMissed, .sessionCreated, .sessionTouched, .sessionRegenerated, .userBound,
            .sessionDestroyed, .sessionExpired, .sessionReplicated, .sessionsSwept, .tokenIssued, .tokenAccepted,
            .clockAdvanced, .cookiesRead, .botsCrawled, .sessionNotCreated, .tokenRevoked, .denylistCopied,
            .sessionDataChanged, .cartShown, .sessionNotRevived, .requestWaited, .requestsTogether, .sessionSaved,
            .sessionRevived, .storeLagChanged, .storeFailedOver:
            return .transition
        case .storeRestarted(_, let before, let after):
            // 1.1: a restart that lost sessions reads as the failure it is.
            return (after ?? 0) < (before ?? 0) ? .failure : .transition
        }
    }
}
