"""Settings for the test suite: the project's settings with a separate scratch folder and fast hashing."""

import atexit
import os
import shutil
import tempfile

# A scratch folder per test run (inherited by the processes a test starts), so runs side by side never
# share a database file or a broker folder.
if "VAR_DIR" not in os.environ:
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="portal-pks-test-")
    atexit.register(shutil.rmtree, os.environ["VAR_DIR"], ignore_errors=True)
os.environ.setdefault("PORTAL_TESTING", "1")

from portal.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
# The fixed cast logs in without a second factor; the tests of portal.security switch it on.
OTP_ENFORCED = False

# A file for SQLite's test database, so that a worker process started by a test can open it too.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(os.environ["VAR_DIR"], "test-db.sqlite3")}  # noqa: F405
