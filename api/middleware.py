"""
What every request to the API passes, outside the page cache: its client's
allowance (api.throttle), and the errors Django or django-ninja make without a
view of ours (405 for a method no operation has) put in the API's one shape.
"""

from http import HTTPStatus

from django.conf import settings

from . import errors, throttle


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not errors.is_api(request):
            return self.get_response(request)
        if settings.API_RATE_LIMIT and (refused := throttle.refusal(request)):
            return refused
        response = self.get_response(request)
        if response.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
            allowed = response.get("Allow", "")
            response = errors.response(
                405, f"This address answers {allowed or 'no method'} only: the API is read-only."
            )
            response["Allow"] = allowed
        return response
