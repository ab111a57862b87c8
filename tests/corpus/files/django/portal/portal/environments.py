import os

# Read by the settings module; set per environment on the server.
DEBUG = os.environ.get("PORTAL_DEBUG", True)
ALLOWED_HOSTS = os.environ.get("PORTAL_HOSTS", "portal.example.org").split(",")
