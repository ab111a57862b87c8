"""
WSGI config for mysite project.

Deployments set DJANGO_SETTINGS_MODULE=mysite.settings.production (see
deploy/gunicorn.service); the default below only serves local runs.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings.dev")

application = get_wsgi_application()
