from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.urls import re_path
from django.views.static import serve

urlpatterns = [
    # Behind a permission check, a wrapper view: silent.
    re_path(r"^private/(?P<path>.*)$", login_required(serve), {"document_root": "/srv/private"}),
    # An app's URLconf, included or not: a warning.
    re_path(r"^files/(?P<path>.*)$", serve, {"document_root": "/srv/files"}),
]
