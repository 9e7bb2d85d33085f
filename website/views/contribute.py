from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def contribute(request):
    """How readers can help: the wiki's rules for a fact, and whom to tell."""
    contact = settings.CONTRIBUTE_CONTACT
    return render(
        request,
        "website/contribute.html",
        {
            "contact": contact,
            # An address given bare is mailed; anything else is a page to visit.
            "contact_is_email": "@" in contact and "://" not in contact,
        },
    )
