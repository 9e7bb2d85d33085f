"""
Errors of the API as JSON, one shape for all (schemas.Error), whoever makes
them: a view (ApiError), ninja's validation of parameters, the rate limit, and
Django's own handlers for an address under /api/ that no route answers.
"""

from http import HTTPStatus

from django.conf import settings
from django.http import JsonResponse

# As django-ninja sends every other answer.
CONTENT_TYPE = "application/json; charset=utf-8"
CODES = {
    HTTPStatus.BAD_REQUEST: "bad_request",
    HTTPStatus.NOT_FOUND: "not_found",
    HTTPStatus.METHOD_NOT_ALLOWED: "method_not_allowed",
    HTTPStatus.TOO_MANY_REQUESTS: "rate_limited",
    HTTPStatus.INTERNAL_SERVER_ERROR: "server_error",
    HTTPStatus.SERVICE_UNAVAILABLE: "unavailable",
}


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, code: str = "", details=()):
        super().__init__(message)
        self.status, self.message = status, message
        self.code = code or CODES.get(HTTPStatus(status), "error")
        self.details = list(details)


def is_api(request) -> bool:
    return request.path.startswith(settings.API_PREFIX)


def body(status: int, message: str, *, code: str = "", details=()) -> dict:
    return {
        "error": {
            "status": status,
            "code": code or CODES.get(HTTPStatus(status), "error"),
            "message": message,
            "details": [{"parameter": parameter, "message": text} for parameter, text in details],
        }
    }


def response(status: int, message: str, *, code: str = "", details=()) -> JsonResponse:
    # ensure_ascii off: names such as "Étoile" read as written.
    return JsonResponse(
        body(status, message, code=code, details=details),
        status=status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def from_exception(error: ApiError) -> JsonResponse:
    return response(error.status, error.message, code=error.code, details=error.details)


def validation_details(errors) -> list[tuple[str | None, str]]:
    """Pydantic's errors as (parameter, message): the parameter is the last named place."""
    details = []
    for error in errors:
        names = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
        # ninja puts the source first ("query", "path") and, for grouped
        # parameters, the group's name: the client knows the parameter's own.
        parameter = names[-1] if len(names) > 1 else None
        details.append((parameter, str(error.get("msg", "invalid"))))
    return details
