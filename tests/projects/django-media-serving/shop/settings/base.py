"""Settings shared by every environment of the shop."""
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent

ROOT_URLCONF = "shop.urls"
DEBUG = False

INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "catalog",
    "downloads",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
    },
]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "public"
STATICFILES_DIRS = [BASE_DIR / "assets"]

MEDIA_URL = "/media/"
# Uploads inside the collected static folder: the web server serves them.
MEDIA_ROOT = BASE_DIR / "public" / "media"
