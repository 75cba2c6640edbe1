import SessionScopeCore
import SessionScopeScenario

/// The trace's line for each event in Korean, as the terminal UI shows it under `--lang ko`.
/// The transcript, `check`, recordings and JSON stay English (`EventText`); only the screen
/// speaks Korean. Technical tokens stay as they are (cookie names, ids, `Set-Cookie`,
/// `server-2`, statuses, header names, settings), and the wire lines (`>` and `<`) are the wire.
///
/// Every switch here is exhaustive, with no `default:`: a new event kind does not compile
/// until it has its Korean line.
enum KoreanEventText {
    /// The lines for one event; `whole` gives the detail view's unabridged cookie lines.
    static func lines(_ event: Event, epoch: Int64 = World.epochUnixSeconds, whole: Bool = false) -> [String] {
        switch event {
        case .clusterBuilt(let settings):
            return ["클러스터 구성: \(settings.summary)"]
        case .accountAdded(let user):
            return ["계정 추가: \(user)"]
        case .serverCrashed(let k, let lost):
            return [
                "server-\(k) 비정상 종료: "
                    + (lost == 0 ? "메모리에 세션이 없어 잃은 것 없음" : "메모리에 있던 세션 \(lost)개가 사라짐")
            ]
        case .serverStarted(let k):
            return ["server-\(k) 시작 (메모리는 비어 있음)"]
        case .serverAlreadyInState(let k, let up):
            return ["server-\(k): 이미 \(up ? "동작 중" : "멈춤"), 바뀌는 것 없음"]
        case .sessionsTransferred(let from, let to, let count):
            return ["server-\(to): server-\(from)에서 세션 \(count)개를 복사 (시작할 때 상태 전송)"]
        case .storeWentDown:
            return ["저장소 멈춤: 서버가 저장소에 닿지 못함 (데이터는 남아 있음)"]
        case .storeCameUp:
            return ["저장소가 다시 동작"]
        case .storeNotShared(let kind):
            return ["store=\(kind.rawValue)에는 공유 저장소가 없음: 바뀌는 것 없음"]
        case .storeRestarted(let how, let before, let after):
            func count(_ n: Int?) -> String { n.map { "세션 \($0)개" } ?? "읽을 수 없음" }
            return ["저장소 재시작: \(restartText(how)); 전에는 \(count(before)), 지금은 \(count(after))"]
        case .storeFailed(let operation, let cause):
            return ["\(stepText(operation)) 중 저장소 오류: \(cause)"]
        case .storeOperation(let name, let microseconds):
            return ["  (\(name) \(EventText.formatLatency(microseconds)))"]
        case .storeLagChanged(let on, let replicas, let inSync):
            return lagLines(on: on, replicas: replicas, inSync: inSync)
        case .storeFailedOver(let failover):
            return failoverLines(failover)
        case .storeReplicationFailed(let statement, let cause):
            return ["\(statement): \(cause)"]
        case .browserOpened(let browser, let ip, let reopened):
            return [
                reopened
                    ? "\(browser) 브라우저 다시 열림 (ip \(ip)): 영구 쿠키는 쿠키 저장소에 그대로 있음"
                    : "\(browser) 브라우저 열림 (ip \(ip))"
            ]
        case .browserAlreadyOpen(let browser):
            return ["\(browser) 브라우저는 이미 열려 있음"]
        case .browserClosed(let browser):
            return ["\(browser) 브라우저 닫힘: 어느 서버도 모름"]
        case .cookieDropped(let browser, let name, let why):
            return ["\(jar(browser)): \(name) 사라짐 (\(dropText(why)))"]
        case .cookieSet(let browser, let cookie, let replaced):
            return cookieSetLines(browser, cookie, replaced: replaced, whole: whole)
        case .cookieDeleted(let browser, let name):
            return ["\(jar(browser)): \(name) 삭제 (서버가 이미 만료된 쿠키를 보냄)"]
        case .cookieIgnored(let browser, let header, let why):
            let shown = whole ? header : EventText.abbreviate(header)
            return ["\(jar(browser)): Set-Cookie \"\(shown)\" 무시: \(ignoredText(why))"]
        case .cookieExpired(let browser, let name):
            return ["\(jar(browser)): \(name) 만료되어 지움"]
        case .cookieWithheld(let browser, let name, let why):
            if why == .httpOnly { return ["\(jar(browser)): \(name) 스크립트가 읽을 수 없음 (HttpOnly)"] }
            return ["\(jar(browser)): \(name) 보내지 않음 (\(why.chromeName): \(withheldText(why)))"]
        case .cookiesStolen(let thief, let victim, let names):
            return names.isEmpty
                ? ["\(thief): \(victim)에게서 복사할 쿠키가 없음"]
                : ["\(thief): \(victim)의 쿠키 \(names.joined(separator: ", ")) 복사 (세션 하이재킹)"]
        case .cookiesRead(let thief, let victim, let via, let blocked):
            return [readText(thief: thief, victim: victim, via: via, blocked: blocked)]
        case .botsCrawled(let first, let last, let requests, let sessions):
            return [
                "guest-\(first) … guest-\(last): 쿠키 저장소가 없는 봇 \(last - first + 1)개가 각각 GET /를 "
                    + "\(requests)번 보냄; 세션: " + countsText(sessions, none: "만들어진 것 없음")
            ]
        case .crowdArrived(let first, let last, let loggedIn, let sessions):
            let held = countsText(sessions, none: "")
            return [
                "guest-\(first) … guest-\(last): 브라우저 \(last - first + 1)개가 열려 /를 방문"
                    + (loggedIn ? "하고 로그인" : "") + (held.isEmpty ? "" : "; 세션: \(held)")
            ]
        case .requestSent(let browser, let request):
            var lines = ["\(browser) > \(request.requestLine)"]
            lines.append("\(browser) > Cookie: \(request.cookieHeader ?? "(없음)")")
            if !request.form.isEmpty { lines.append("\(browser) > \(request.formBody)") }
            return lines
        case .requestRouted(_, let server, let why):
            return ["밸런서 → server-\(server) (\(routeText(why, server: server)))"]
        case .requestRejected(let browser, let why):
            switch why {
            case .browserClosed: return ["\(browser) 브라우저는 닫혀 있음: 아무것도 보내지 않음"]
            case .noLiveServer: return ["밸런서: 살아 있는 서버가 없음 → 503"]
            case .storeUnavailable(let cause):
                // An error reply (`redis: OOM ...`, 1.1) came from a store that was reached.
                if cause.hasPrefix("redis: ") { return ["세션 저장소가 요청을 거절 (\(cause)) → 503"] }
                return ["서버가 세션 저장소에 닿지 못함 (\(cause)) → 503"]
            }
        case .responseReceived(let browser, _, let response):
            return ["\(browser) < \(response.statusLine)"]
                + response.setCookies.map { "\(browser) < Set-Cookie: \($0)" }
        case .sessionFound(let id, let user, let at):
            return ["\(place(at)): 세션 \(id.short) 찾음 (\(user.map { "사용자 \($0)" } ?? "아직 사용자 없음"))"]
        case .sessionMissed(let id, let why, let at):
            return [missText(id, why: why, at: at)]
        case .sessionCreated(let id, let at):
            return ["\(place(at)): 새 세션 \(id.short)"]
        case .sessionTouched(let id, let at):
            return ["\(place(at)): 세션 \(id.short) 갱신 (유휴 타이머 다시 시작)"]
        case .sessionRegenerated(let old, let new, let at):
            return ["\(place(at)): 세션 \(old.short) → 새 ID \(new.short) (로그인할 때 재발급)"]
        case .userBound(let id, let user):
            return ["세션 \(id.short): 이제 \(user)의 세션"]
        case .loginFailed(let user):
            return ["'\(user)' 로그인 거부 (없는 사용자이거나 비밀번호가 틀림)"]
        case .sessionDataChanged(let id, let key, let value):
            return ["세션 \(id.short): \(key.rawValue) = \(value ?? "없음") (아직 저장 전)"]
        case .sessionRevived(let id, let at):
            return ["\(place(at)): 세션 \(id.short): 그사이 파기되었지만 통째 저장(save=whole)이 되살림"]
        case .cartShown(let browser, let items):
            return ["\(browser)의 장바구니: \(items.isEmpty ? "비어 있음" : items.joined(separator: ","))"]
        case .sessionNotRevived(let id, let at):
            return ["\(place(at)): 세션 \(id.short): 이미 사라짐; delta 저장은 아무것도 쓰지 않음 (되살리지 않음)"]
        case .requestWaited(let browser, let holder, let id):
            return [
                "\(browser) 기다림: 세션 \(id.short)의 잠금을 \(holder)의 요청이 쥐고 있음 (lock=on); "
                    + "그 요청이 저장한 뒤에 세션을 읽음"
            ]
        case .sessionSaved(let id, let at, let changed):
            guard let changed else {
                return ["\(place(at)): 세션 \(id.short) 통째 저장 (save=whole: 저장돼 있던 것을 덮어씀)"]
            }
            let what =
                changed.isEmpty ? "접근 시각만" : changed.map(\.rawValue).joined(separator: ", ") + ", 접근 시각"
            return ["\(place(at)): 세션 \(id.short) 저장: \(what) (save=delta)"]
        case .requestsTogether(let browsers):
            return ["together: \(browsers.joined(separator: ", ")) 동시에 보냄"]
        case .sessionNotCreated(let at):
            return ["\(place(at)): 세션을 만들지 않음 (create=login: 로그인에 성공해야만 만듦)"]
        case .sessionDestroyed(let id, let at):
            return ["\(place(at)): 세션 \(id.short) 파기 (로그아웃)"]
        case .sessionExpired(let id, let why, let at):
            return ["\(place(at)): 세션 \(id.short) 만료 (\(expiryText(why))), 삭제함"]
        case .sessionReplicated(let id, let from, let to, let removed):
            let targets = to.map { "server-\($0)" }.joined(separator: ", ")
            return [
                removed
                    ? "server-\(from) → \(targets): 세션 \(id.short) 삭제 (복제)"
                    : "server-\(from) → \(targets): 세션 \(id.short) 복사 (복제)"
            ]
        case .sessionsSwept(let ids, let at):
            let shown = ids.prefix(4).map(\.short).joined(separator: ", ") + (ids.count > 4 ? ", …" : "")
            return ["청소: \(place(at))에서 만료된 세션 \(ids.count)개 삭제 (\(shown))"]
        case .tokenIssued(let user, let expires):
            return [
                "\(user)의 토큰 서명 (HS256), exp \(EventText.virtualTime(expires, epoch: epoch)); "
                    + "어느 서버에도 저장하지 않음"
            ]
        case .tokenAccepted(let user, let expires, _):
            return ["토큰 검증: 서명 유효, \(user), exp \(EventText.virtualTime(expires, epoch: epoch))"]
        case .tokenRejected(let why):
            return [rejectionText(why, epoch: epoch)]
        case .tokenTampered(let browser, let change, let done):
            return [
                done
                    ? "\(browser): 서버의 키 없이 토큰을 고침: \(change) (서명은 그대로)"
                    : "\(browser): 고칠 토큰이 없음"
            ]
        case .tokenRevoked(let jti, let k, let copiedTo):
            let peers = copiedTo.map { "server-\($0)" }.joined(separator: ", ")
            return [
                "server-\(k): denylist에 토큰 jti \(jti) 추가" + (peers.isEmpty ? "" : ", \(peers)에 복사")
                    + " (다시 서버 상태: 모든 서버가 목록을 가져야 함)"
            ]
        case .denylistCopied(let from, let to, let count):
            return ["server-\(to): server-\(from)에서 denylist 복사 (토큰 \(count)개)"]
        case .clockAdvanced(let to):
            return ["시계 → \(to)"]
        }
    }

    /// Where a session lives, in Korean: `server-K` stays a name, the store is 저장소.
    static func place(_ location: SessionLocation) -> String {
        switch location {
        case .server(let k): return "server-\(k)"
        case .store: return "저장소"
        }
    }

    static func stepText(_ step: StoreStep) -> String {
        switch step {
        case .load: return "세션 읽기"
        case .save: return "세션 저장"
        case .delete: return "세션 삭제"
        case .sweep: return "청소"
        case .restart: return "재시작"
        }
    }

    static func routeText(_ why: RouteReason, server: Int) -> String {
        func skipped(_ list: [Int]) -> String {
            list.isEmpty ? "" : "; " + list.map { "server-\($0)" }.joined(separator: ", ") + " 멈춤, 건너뜀"
        }
        switch why {
        case .roundRobin(let s): return "라운드 로빈: 다음 차례" + skipped(s)
        case .random: return "무작위 선택 (시드 고정)"
        case .ipHash(let ip, let s): return "\(ip)의 ip 해시" + skipped(s)
        case .stickyCookie: return "sticky: LB 쿠키에 적힌 server-\(server)로"
        case .stickyNew(let s): return "sticky: 아직 LB 쿠키가 없어 라운드 로빈, 쿠키를 설정" + skipped(s)
        case .stickyDead(let named, let s):
            return "sticky: LB 쿠키에 적힌 server-\(named) 멈춤; 라운드 로빈, 쿠키를 다시 씀" + skipped(s)
        case .leastSessions(let count): return "세션 최소: \(count)개 보유"
        }
    }

    /// A crowd's net change at each location, with the 503s and evictions a real store caused.
    static func countsText(_ counts: [SessionCount], none: String) -> String {
        let texts = counts.map { count in
            var text = "\(place(count.at)) \(count.change >= 0 ? "+" : "")\(count.change)"
            var notes: [String] = []
            if count.refused > 0 {
                notes.append("손님 \(count.refused)명이 503을 받음" + (count.cause.map { ": \($0)" } ?? ""))
            }
            if count.evicted > 0 { notes.append("그사이 redis가 \(count.evicted)개를 내보냄") }
            if !notes.isEmpty { text += " (" + notes.joined(separator: "; ") + ")" }
            return text
        }
        return texts.isEmpty ? none : texts.joined(separator: ", ")
    }
}
