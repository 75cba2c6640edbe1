extension L10n {
    /// The key map's help in Korean, by the binding's label; the part before " (" is also the
    /// key bar's short text, as in English.
    static let koreanKeyHelp: [String: String] = [
        "n": "새 브라우저", "Tab/↓": "다음 브라우저 고르기", "S-Tab/↑": "이전 브라우저 고르기",
        "v": "방문 (GET /)", "g": "/me 방문 (GET /me)", "l": "로그인 (사용자와 비밀번호를 묻습니다)",
        "o": "로그아웃", "c": "브라우저 닫기 (세션 쿠키가 사라집니다)", "r": "브라우저 다시 열기",
        "s": "다른 브라우저의 쿠키 훔치기 (누구의 것을, 어떻게 훔칠지 묻습니다)", "e": "쿠키 저장소 비우기",
        "a": "요청 두 개를 동시에 (together: 어떤 요청인지 묻습니다)",
        "T": "토큰 위조하기 (CLAIM=VALUE 또는 alg=none을 묻습니다)",
        "]": "다음 서버 고르기", "[": "이전 서버 고르기", "x": "고른 서버 죽이기", "u": "고른 서버 다시 켜기",
        "d": "저장소 내리기 / 올리기", "C": "클러스터 설정 바꾸기 (cluster 줄을 고칩니다)",
        "+": "시계를 1분 앞으로", ">": "시계를 10분 앞으로", ")": "시계를 31분 앞으로 (유휴 제한을 넘깁니다)",
        "t": "가상 시간 흐르게 하기 / 멈추기", "f": "시계를 더 빠르게", "F": "시계를 더 느리게",
        "→/Space": "한 단계 앞으로", "←": "한 단계 뒤로", "Home": "처음으로", "End": "끝으로",
        "p": "따라하기 재생 / 멈춤", "PgUp": "이전 장 (pause)", "PgDn": "다음 장 (pause)",
        "b .": "화면 가리기 (발표용 리모컨)", "<": "트레이스에서 이전 단계 고르기 (Enter로 전부 펼칩니다)", "=": "트레이스에서 다음 단계 고르기 (마지막 다음은 선택 해제)",
        "{": "이 장의 설명 앞부분 보기",
        "}": "설명 뒷부분 보기", "Enter": "고른 트레이스 단계(요청과 응답 전부)나 브라우저(쿠키 전부, 풀어 쓴 토큰) 자세히 보기",
        "J": "고른 서버의 세션 목록 아래로 넘기기", "K": "고른 서버의 세션 목록 위로 넘기기",
        "/": "브라우저와 세션을 이름, 사용자, ID로 거르기", ":": "명령 줄: 시나리오 문장을 무엇이든",
        "w": "지금까지 한 일을 .scn 파일로 쓰기", "?": "도움말", "Esc": "한 단계 물러나기 (거르기, 메시지, 갈래)",
        "q": "끝내기", "E": "엔진이 만든 설정 보기 (nginx나 HAProxy를 쓰는 라이브 모드, Esc로 닫습니다)",
    ]

    /// The key map's groups in Korean.
    static let koreanKeyGroups: [String: String] = [
        "Browsers": "브라우저", "Servers and store": "서버와 저장소", "Time": "시간", "Timeline": "따라하기",
        "General": "일반",
    ]

    /// A binding's help in a language (English where there is none).
    public static func help(_ binding: KeyBinding, _ language: String) -> String {
        language == "ko" ? koreanKeyHelp[binding.label] ?? binding.help : binding.help
    }

    /// A key group's name in a language.
    static func group(_ name: String, _ language: String) -> String {
        language == "ko" ? koreanKeyGroups[name] ?? name : name
    }
}
