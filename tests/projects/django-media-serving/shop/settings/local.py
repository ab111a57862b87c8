from .base import *  # noqa: F401,F403

DEBUG = True
# Development only: not judged as production.
MEDIA_ROOT = BASE_DIR / "assets" / "uploads"
