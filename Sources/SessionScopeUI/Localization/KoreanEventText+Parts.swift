import SessionScopeCore
import SessionScopeScenario

/// The parts of the Korean trace lines that take more than one line of code: cookies, why a
/// session or token was not there, and the store's replicas (1.1). Particles (은/는, 이/가)
/// never follow a name whose reading decides them (`bob`, `server-1`, `store-2`): the lines
/// are built around them instead, so no name reads wrong.
extension KoreanEventText {
    /// `alice의 쿠키 저장소`: the jar of a browser, as the browser pane calls it.
    static func jar(_ browser: String) -> String { "\(browser)의 쿠키 저장소" }

    static func dropText(_ why: DropReason) -> String {
        switch why {
        case .browserClosed: return "브라우저를 닫음: 세션 쿠키"
        case .cleared: return "쿠키 저장소를 비움"
        }
    }

    /// A stored cookie: in the trace its value shortened and its kind; in the detail view
    /// (`whole`) the whole value and every attribute, as the English detail view shows them.
    static func cookieSetLines(_ browser: String, _ cookie: Cookie, replaced: Bool, whole: Bool) -> [String] {
        let verb = replaced ? "교체" : "저장"
        guard whole else {
            var traits = [cookie.expiry.map { "만료 \(CivilTime(unixSeconds: $0 / 1000).httpDate)" } ?? "세션 쿠키"]
            if cookie.httpOnly { traits.append("HttpOnly") }
            if cookie.secureOnly { traits.append("Secure") }
            return [
                "\(jar(browser)): \(cookie.name)=\(EventText.abbreviate(cookie.value)) \(verb) "
                    + "(\(traits.joined(separator: ", ")))"
            ]
        }
        var traits = [cookie.expiry.map { "만료: Unix ms \($0)" } ?? "세션 쿠키"]
        traits += ["Domain=\(cookie.domain)", "Path=\(cookie.path)"]
        if cookie.hostOnly { traits.append("host-only") }
        if cookie.httpOnly { traits.append("HttpOnly") }
        traits.append(cookie.secureOnly ? "Secure" : "Secure 아님")
        traits.append(cookie.sameSite.map { "SameSite=\($0.rawValue)" } ?? "SameSite 없음")
        return ["\(jar(browser)): \(cookie.name)=\(cookie.value) \(verb)", "    " + traits.joined(separator: " · ")]
    }

    /// Why the jar ignored a `Set-Cookie`: the event carries the Core's `CookieJar.Rejection`
    /// as text (`SameSiteNoneInsecure: SameSite=None without Secure`); its Chrome name stays,
    /// its words read Korean. Text in another form stays as it is.
    static func ignoredText(_ why: String) -> String {
        guard let colon = why.firstRange(of: ": "),
            let reason = CookieJar.Rejection.Reason(rawValue: String(why[..<colon.lowerBound]))
        else { return why }
        let detail = String(why[colon.upperBound...])
        let words: String
        switch reason {
        case .syntaxError: words = "name=value 쌍이 아님"
        case .nameValuePairExceedsMaxSize: words = "\(CookieJar.maxCookieBytes)바이트보다 큼"
        case .secureOnly: words = "http로 설정한 Secure 쿠키"
        case .sameSiteNoneInsecure: words = "Secure 없는 SameSite=None"
        case .invalidDomain:
            if let cut = detail.firstRange(of: " is a public suffix") {
                words = "\(detail[..<cut.lowerBound]): 공개 접미사(public suffix)"
            } else if let cut = detail.firstRange(of: " does not cover ") {
                words = "\(detail[..<cut.lowerBound]): \(detail[cut.upperBound...]) 도메인을 포함하지 않음"
            } else {
                words = detail
            }
        }
        return "\(reason.rawValue): \(words)"
    }

    static func withheldText(_ why: CookieJar.Withheld) -> String {
        switch why {
        case .expired: return "만료됨"
        case .domain: return "도메인이 맞지 않음"
        case .path: return "경로가 맞지 않음"
        case .secure: return "http로는 Secure 쿠키를 보내지 않음"
        case .sameSiteStrict: return "SameSite=Strict, 다른 사이트에서 온 요청"
        case .sameSiteLax: return "SameSite=Lax, GET이 아닌 교차 사이트 요청"
        case .httpOnly: return "HttpOnly, 스크립트에는 숨김"
        }
    }

    /// How a thief reads the victim's cookies (1.1).
    static func readText(thief: String, victim: String, via: StealMethod, blocked: Bool) -> String {
        switch via {
        case .copy: return "\(thief): \(victim)의 쿠키 저장소를 복사"
        case .script:
            return "\(thief)의 스크립트가 사이트 페이지에서 \(victim)의 document.cookie를 읽음 (HttpOnly 쿠키는 숨겨짐)"
        case .network:
            return blocked
                ? "\(thief): 네트워크에서 \(victim)의 요청을 엿봄: https라 암호문뿐, 복사할 것 없음"
                : "\(thief): 네트워크에서 \(victim)의 요청을 엿봄: 평문 http라 Cookie 헤더가 그대로 다 보임"
        }
    }

    static func missText(_ id: String, why: MissReason, at: SessionLocation) -> String {
        let shown = SessionID(hex: id)?.short ?? EventText.abbreviate(id)
        switch why {
        case .unknown:
            return at == .store
                ? "저장소: 세션 \(shown) 없음"
                : "\(place(at)): 여기에는 세션 \(shown) 없음 (다른 서버의 메모리에 있거나, 사라졌거나, 청소됨)"
        case .malformed:
            return "\(place(at)): 쿠키 값 '\(EventText.abbreviate(id))': 세션 ID가 아님"
        case .evicted(let policy):
            return "\(place(at)): 세션 \(shown) 없음: redis가 내보냄 (\(policy), maxmemory 도달)"
        }
    }

    static func expiryText(_ why: ExpiryReason) -> String {
        switch why {
        case .idle: return "유휴 시간 초과"
        case .absolute: return "절대 수명 끝"
        }
    }

    static func rejectionText(_ why: TokenRejection, epoch: Int64) -> String {
        switch why {
        case .missing: return "토큰 없음: 로그인하지 않음"
        case .malformed: return "토큰 거부: JWT가 아님"
        case .badSignature: return "토큰 거부: 서명이 맞지 않음"
        case .expired(let exp): return "토큰 거부: \(EventText.virtualTime(exp, epoch: epoch))에 만료됨"
        case .algNone: return "토큰 거부: alg none은 받지 않음"
        case .revoked(let jti): return "토큰 거부: jti \(jti), 이 서버의 denylist에 있음 (로그아웃 때 폐기)"
        }
    }

    /// How the store restarted, as the store said it (SQLiteStore, RedisStore: English prose
    /// from the Stores module), with its known phrases in Korean; a phrase not known here stays
    /// as the store wrote it, so a new wording reads English rather than wrong.
    static func restartText(_ how: String) -> String {
        var text = how
        let phrases: [(String, String)] = [
            (
                "the SQLite file was closed and opened again (the sessions are on disk)",
                "SQLite 파일을 닫았다가 다시 엶 (세션은 디스크에 있음)"
            ),
            (
                "redis-server stopped and started again (same port, same directory)",
                "redis-server가 멈췄다가 다시 시작 (같은 포트, 같은 디렉터리)"
            ),
            ("stopped and started again (same port, same directory)", "멈췄다가 다시 시작 (같은 포트, 같은 디렉터리)"),
            ("appendonly yes: it read its append-only file back", "appendonly yes: append-only 파일을 다시 읽음"),
            ("no snapshots, no append-only file: it started empty", "스냅숏도 append-only 파일도 없어 빈 채로 시작"),
        ]
        for (english, korean) in phrases { text = text.replacingAll(english, korean) }
        // `the primary, store-2, ...`: the node the servers use.
        if let match = text.firstMatch(of: #/^the primary, (store-\d+), /#) {
            text = "프라이머리(\(match.1))가 " + text[match.range.upperBound...]
        }
        if let match = text.firstMatch(
            of: #/; its (\d+) replicas? (copied it|will copy it once their links flow) again$/#)
        {
            let copied = match.2 == "copied it" ? "다시 복사함" : "링크가 다시 흐르면 다시 복사함"
            text = text[..<match.range.lowerBound] + "; 레플리카 \(match.1)개가 " + copied
        }
        return text
    }

    /// `store lag on|off` (1.1).
    static func lagLines(on: Bool, replicas: Int, inSync: Int?) -> [String] {
        guard let inSync else { return ["store lag: 이미 \(on ? "on" : "off"), 바뀌는 것 없음"] }
        let of = "레플리카 \(replicas)개 중 \(inSync)개"
        guard on else { return ["store lag off: 복제 링크가 다시 흐름; \(of)가 프라이머리를 따라잡은 것을 WAIT로 확인"] }
        return [
            "store lag on: 앞선 쓰기가 모두 \(of)에 도착한 것을 WAIT로 확인; 이제 프라이머리에서 오는 링크가 멈춤",
            "  (이제부터 쓰기는 프라이머리에만 도착)",
        ]
    }

    /// `store failover` (1.1): what was lost counted in sessions, from the data; the offsets'
    /// gap in bytes of the replication stream (see `EventText.failoverLines`).
    static func failoverLines(_ failover: Failover) -> [String] {
        let to = "store-\(failover.to)"
        var lost: String
        switch failover.lostSessions {
        case .some(0): lost = "가지고 있던 세션은 모두 \(to)에도 있었음"
        case .some(let count): lost = "\(to)에 없던 세션 \(count)개는 사라짐"
        case .none: lost = failover.unsentBytes > 0 ? "\(to)에 도착하지 못한 것은 사라짐" : "모두 \(to)에 도착했었음"
        }
        if let stale = failover.staleSessions, stale > 0 { lost += "; 이미 지워졌던 세션 \(stale)개가 되살아남" }
        let offsets =
            !failover.sameHistory
            ? " (store-\(failover.from) 재시작 뒤로 \(to)에 복제된 것이 없어 오프셋을 비교할 수 없음)"
            : failover.unsentBytes > 0
                ? " (\(to)에는 복제 스트림 \(failover.unsentBytes)바이트가 아직 도착하지 않았음)" : ""
        let who: String
        switch failover.method {
        case .sentinel: who = "Sentinel이 \(to) 승격 (정족수 3개 중 2개)"
        case .byOperator: who = "운영자가 \(to) 승격 (오프셋이 가장 높음, REPLICAOF NO ONE)"
        }
        return ["store-\(failover.from) 비정상 종료 (SIGKILL): \(lost)\(offsets)", "\(who); 이제 서버들은 \(to) 사용"]
    }
}
