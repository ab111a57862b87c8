from django.conf import settings
from django.urls import path, re_path
from django.views.static import serve

from . import views

urlpatterns = [
    path("", views.index),
]

if settings.DEBUG:
    urlpatterns += [
        re_path(r"^covers/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT / "covers"}),
    ]
