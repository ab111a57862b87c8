from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = "dev-only 7f3a9c1e5b2d8f4a6c0e9b1d3f5a7c9e1b3d5f7a9c0e2b4d"
ALLOWED_HOSTS = ["*"]
