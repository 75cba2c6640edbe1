/// Whose sessions a store holds: the formats of the attach contract.
public enum AttachFormat: String, CaseIterable, Sendable {
    case auto
    case sessionscope
    case connectRedis = "connect-redis"
    case springSession = "spring-session"
    case flaskSession = "flask-session"
    case django
    case phpRedis = "php-redis"
    case rails

    /// The key prefix in Redis when the app kept its library's default (`--prefix` overrides it).
    /// Rails has none of its own: redis-rack's namespace is the usual one.
    public var defaultRedisPrefix: String {
        switch self {
        case .auto, .django: return ""
        case .sessionscope: return "sessionscope:"
        case .connectRedis: return "sess:"
        case .springSession: return "spring:session:sessions:"
        case .flaskSession: return "session:"
        case .phpRedis: return "PHPREDIS_SESSION:"
        case .rails: return "rack:session:"
        }
    }

    /// The attributes that may hold the user, tried in order (dotted paths reach into maps).
    public var userFields: [String] {
        switch self {
        case .auto: return []
        case .sessionscope: return ["user"]
        case .connectRedis: return ["passport.user", "user", "userId", "username"]
        case .springSession: return []
        case .flaskSession: return ["user", "username", "user_id", "_user_id"]
        case .django: return ["_auth_user_id"]
        case .phpRedis: return ["user", "username", "user_id"]
        case .rails: return ["user_id", "warden.user.user.key"]
        }
    }

    /// The Redis type a session key has.
    var redisType: String {
        switch self {
        case .springSession, .sessionscope: return "hash"
        case .auto, .connectRedis, .flaskSession, .django, .phpRedis, .rails: return "string"
        }
    }

    /// Where the sessions are, in words, for messages: `sess:*`, `table django_session`.
    func place(prefix: String) -> String {
        switch self {
        case .django: return "table django_session"
        case .auto, .sessionscope, .connectRedis, .springSession, .flaskSession, .phpRedis, .rails:
            return "keys \(prefix)*"
        }
    }
}
