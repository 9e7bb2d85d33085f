from django.shortcuts import render


def page_not_found(request, exception):
    """The 404 page in the site's style, saying what was not found where that helps."""
    message = exception.args[0] if exception and exception.args else ""
    # Django's own resolver messages are dicts for the debug page; show only ours.
    if not isinstance(message, str):
        message = ""
    return render(request, "404.html", {"message": message}, status=404)
