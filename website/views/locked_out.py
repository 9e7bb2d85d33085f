"""
What a login that django-axes stopped answers: 429, a page that says why and
for how long, and Retry-After for anything that reads headers.

The cool-off is a pause, never a permanent lock (settings: LOGIN_FAILURE_LIMIT,
LOGIN_COOLOFF_MINUTES), so the page says when to try again rather than to call
an administrator.
"""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render

TOO_MANY_REQUESTS = 429


def locked_out(request, original_response=None, credentials=None):
    cool_off = settings.AXES_COOLOFF_TIME
    response = render(
        request,
        "admin/locked_out.html",
        {
            # The admin's header and title, as on the login page it stands for.
            **admin.site.each_context(request),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": round(cool_off.total_seconds() / 60),
        },
        status=TOO_MANY_REQUESTS,
    )
    response["Retry-After"] = str(round(cool_off.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response
