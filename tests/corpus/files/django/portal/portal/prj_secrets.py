import os

SECRET_KEY = os.environ.get("PORTAL_SECRET_KEY", "n7$wq)2v!k0z^m4h8e#r1t6y@u3i5o9p-a_s+d=f&g*j%l(x")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PORTAL_DB", "portal"),
        "PASSWORD": os.environ["PORTAL_DB_PASSWORD"],
    }
}
