"""Settings for the test suite: the project's settings with a separate scratch folder and fast hashing."""

import os
import tempfile

os.environ.setdefault("VAR_DIR", os.path.join(tempfile.gettempdir(), "portal-pks-test-var"))
os.environ.setdefault("PORTAL_TESTING", "1")

from portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False

# A file for SQLite's test database, so that a worker process started by a test can open it too.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(os.environ["VAR_DIR"], "test-db.sqlite3")}  # noqa: F405
