from .base import *  # noqa: F401,F403

from decouple import config

DEBUG = config("DEBUG", default=False)
ALLOWED_HOSTS = config("ALLOWED_HOSTS", default="*").split(",")
