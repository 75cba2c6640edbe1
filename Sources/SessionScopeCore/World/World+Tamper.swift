/// `NAME tamper ...` (1.1): the browser edits the token it holds, without the server's key.
extension World {
    mutating func tamper(_ name: String, _ change: TokenTamper) {
        guard let index = browserIndex.number(of: name) else { return }
        guard var cookie = browsers[index].jar.cookies.first(where: { $0.name == TokenService.cookieName }),
            let forged = TokenService.tamper(cookie.value, change, now: unixSeconds)
        else {
            return emit(.tokenTampered(browser: name, change: change.description, done: false))
        }
        cookie.value = forged
        browsers[index].jar.insertCopy(cookie)
        emit(.tokenTampered(browser: name, change: change.description, done: true))
    }
}
