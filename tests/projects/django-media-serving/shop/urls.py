from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("catalog/", include("catalog.urls")),
    path("downloads/", include("downloads.urls")),
    # One named file, not whatever a visitor asks for: silent.
    path("robots.txt", serve, {"path": "robots.txt", "document_root": settings.STATIC_ROOT}),
    # Every upload, from the site's own origin, in production: blocks.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]

# static() routes nothing while DEBUG is off, as it is in production: silent.
urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
