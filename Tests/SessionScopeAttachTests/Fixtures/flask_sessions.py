"""Writes sessions with the real Flask-Session (0.8, RedisSessionInterface) into the Redis at
127.0.0.1:PORT, through Flask's test client: what a Flask app's users would leave there.
Prints one line per session: <user or -> <sid>.

usage: flask_sessions.py PORT [msgpack|json]
"""
import sys

import redis
from flask import Flask, session
from flask_session import Session

port = int(sys.argv[1])
serialization = sys.argv[2] if len(sys.argv) > 2 else "msgpack"

app = Flask(__name__)
app.config.update(
    SECRET_KEY="fixture-secret",
    SESSION_TYPE="redis",
    SESSION_REDIS=redis.Redis(host="127.0.0.1", port=port),
    SESSION_SERIALIZATION_FORMAT=serialization,
)
Session(app)


@app.route("/login/<name>")
def login(name):
    session["user"] = name
    session["cart"] = ["book", "pen"]
    return "ok"


@app.route("/login-id/<int:number>")
def login_id(number):
    session["_user_id"] = str(number)
    return "ok"


@app.route("/guest")
def guest():
    session["visits"] = 1
    return "ok"


@app.route("/big")
def big():
    session["user"] = "hoarder"
    session["report"] = "x" * 5000
    return "ok"


def visit(path):
    client = app.test_client()
    client.get(path)
    cookie = client.get_cookie("session")
    return cookie.value if cookie else "-"


for path, who in [("/login/alice", "alice"), ("/login/bob", "bob"), ("/login-id/42", "42"), ("/guest", "-"), ("/big", "hoarder")]:
    print(who, visit(path))
