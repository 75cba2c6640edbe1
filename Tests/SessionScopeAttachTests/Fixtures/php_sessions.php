<?php
// Writes sessions with PHP's real session module and phpredis's save handler into the Redis at
// 127.0.0.1:PORT (keys PHPREDIS_SESSION:<id>, PHP's default serialize_handler, TTL from
// session.gc_maxlifetime). Prints one line per session: <user or -> <id>.
// usage: php php_sessions.php PORT
$port = (int)$argv[1];
ini_set('session.save_handler', 'redis');
ini_set('session.save_path', "tcp://127.0.0.1:$port");
ini_set('session.use_cookies', '0');
ini_set('session.gc_maxlifetime', '1440');
ini_set('session.cache_limiter', '');
ini_set('session.use_strict_mode', '0');

function write_session(array $values) {
    session_id(bin2hex(random_bytes(16)));
    if (!session_start()) { fwrite(STDERR, "session_start failed\n"); exit(1); }
    foreach ($values as $k => $v) { $_SESSION[$k] = $v; }
    $id = session_id();
    session_write_close();
    return $id;
}

echo "carol ", write_session(['user' => 'carol', 'roles' => ['admin', 'dev'], 'score' => 1.5, 'ok' => true]), "\n";
echo "dave ", write_session(['user_id' => 17, 'note' => "semi;colon|pipe\"quote"]), "\n";
$o = new stdClass(); $o->a = 1;
echo "- ", write_session(['guest' => null, 'obj' => $o, 'cafe' => "caf\u{e9}"]), "\n";
