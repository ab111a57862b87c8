"""Local development: what wsgi.py and manage.py default to."""

from .base import *  # noqa: F401,F403

# Development only: production.py never runs with DEBUG on.
DEBUG = True

# A throwaway key for runserver (a development finding: a warning).
SECRET_KEY = "dev-only-ujz^de8gx@d6ncf10epf91d!ho%@d!@zdoc9is0j8h!t9*lg@"

ALLOWED_HOSTS = ["*"]

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
    }
}
