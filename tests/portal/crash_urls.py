"""The portal's URLs plus one view that fails, to see the 500 page a visitor gets."""

from django.urls import path

from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns


def crash(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("crash/", crash), *portal_urlpatterns]
