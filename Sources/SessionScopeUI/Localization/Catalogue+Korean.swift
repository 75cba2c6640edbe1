extension L10n {
    /// The Korean catalogue: the same keys as the English one, as a Korean instructor would
    /// write them.
    static let korean: [String: String] = [
        "narration.start": "(여기에 설명이 나옵니다: →는 한 단계, PgDn은 다음 장으로 갑니다)",
        "narration.none": "(이 장에는 아직 설명이 없습니다. 무슨 일이 있었는지는 트레이스에 있습니다)",
        "keybar.step": "한 단계",
        "keybar.back": "뒤로",
        "keybar.play": "재생",
        "keybar.chapter": "다음 장",
        "header.clock": "시계",
        "status.next": "다음: {0}행: {1}",
        "status.end": "시나리오 끝",
        "pane.trace": "트레이스",
        "pane.browsers": "브라우저 ({0})",
        "blank.hint": "b 또는 .을 누르면 화면이 다시 나옵니다",
        "pane.balancer": "밸런서: {0}",
        "pane.store": "저장소: {0}",
        "pane.token": "토큰 (jwt)",
        "server.up": "● 동작 중",
        "server.down": "✖ 멈춤",
        "server.session": "세션 {0}개",
        "server.sessions": "세션 {0}개",
        "server.reserved": "예약 {0}",
        "pane.narration": "설명",
        "more.above": "↑ {0}줄 더",
        "more.below": "↓ {0}줄 더",
        "header.chapter": "{0}장 (총 {1}장)",
        "header.step": "{0}단계 (총 {1})",
        "header.branch": "갈래 +{0}",
        "message.pause": "잠시 멈춤: → 또는 p로 계속합니다",
        "message.end": "따라하기가 끝났습니다",
        "message.branchOpened": "갈래를 만들었습니다. 따라하기는 그대로 있습니다 (Esc로 {0}단계에 돌아갑니다)",
        "message.branchClosed": "따라하기 {1}단계 중 {0}단계로 돌아왔습니다",
        "keybar.walkthrough": "따라하기로",
        "keybar.help": "도움말",
        "keybar.command": "명령",
        "keybar.quit": "끝내기",
        "help.title": "도움말 — 다른 키를 누르면 돌아갑니다",
        "help.titlePaged": "도움말 {0}/{1} — ↓ PgDn 다음 · 다른 키를 누르면 돌아갑니다",
        "help.command": ":  시나리오 문장을 무엇이든 받습니다: browser alice · alice login alice · server-2 kill · advance 31m",
        "help.filter": "/  브라우저와 세션을 이름, 사용자, ID로 거릅니다. Esc로 지웁니다",
        "filter.prompt": "거르기: ",
        "filter.title": "{1}개 중 {0}개 · /{2}",
        "filter.none": "/{0}에 맞는 것이 없습니다 (Esc로 지웁니다)",
        "confirm.quit": "저장하지 않은 동작이 {0}개 있습니다: q를 한 번 더 누르면 끝나고, w는 저장하고, Esc는 머뭅니다",
        "confirm.quit.one": "저장하지 않은 동작이 1개 있습니다: q를 한 번 더 누르면 끝나고, w는 저장하고, Esc는 머뭅니다",
        "confirm.overwrite": "{0} 파일이 이미 있습니다: y는 덮어쓰고, 다른 키는 그대로 둡니다",
        "confirm.cluster": "cluster는 세상을 새로 시작합니다 (브라우저, 세션, 서버가 사라집니다): y는 실행하고, 다른 키는 그대로 둡니다",
        "message.wrote": "{0}에 썼습니다: sessionscope replay {0} 로 다시 볼 수 있습니다",
        "message.cannotWrite": "{0}에 쓸 수 없습니다: {1}",
        "message.cancelled": "취소했습니다",
        "message.closedBrowser": "{0} 브라우저는 닫혀 있습니다: r로 다시 엽니다",
    ]
}

extension L10n {
    /// Messages for keys that would do nothing.
    static let koreanNoOps: [String: String] = [
        "message.alreadyOpen": "{0} 브라우저는 이미 열려 있습니다 (c로 닫습니다)",
        "message.jarEmpty": "{0} 브라우저의 쿠키 저장소는 이미 비어 있습니다",
        "message.nobodyToRob": "쿠키를 훔칠 다른 브라우저가 없습니다: n으로 하나 엽니다",
    ]
}
