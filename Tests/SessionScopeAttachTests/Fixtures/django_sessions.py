"""Writes sessions with the real Django (5.x) database session backend into a new SQLite file:
the django_session table made by Django's own migration, a logged-in session (_auth_user_id),
an anonymous one, and one whose expiry has passed (Django keeps it until clearsessions).
Prints one line per session: <user or -> <session_key>.

usage: django_sessions.py PATH
"""
import sys

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="fixture-secret-not-needed-to-read",
    INSTALLED_APPS=["django.contrib.sessions", "django.contrib.contenttypes", "django.contrib.auth"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": sys.argv[1]}},
    USE_TZ=True,
)
django.setup()

from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402

call_command("migrate", "sessions", verbosity=0)

logged_in = SessionStore()
logged_in["_auth_user_id"] = "7"
logged_in["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
logged_in["cart"] = {"items": 3}
logged_in.create()
print("7", logged_in.session_key)

anonymous = SessionStore()
anonymous["theme"] = "dark"
anonymous.create()
print("-", anonymous.session_key)

expired = SessionStore()
expired["_auth_user_id"] = "8"
expired.set_expiry(-3600)
expired.create()
print("8", expired.session_key)
