"""
A page the wiki looked for and has not, told in the wiki's own words.

The 404 page shows the message of a `NotFound` to the reader. Any other 404
(Django's "No Character matches the given query.", written for developers and
naming a model) is never shown: the page then says what kind of entry was
asked for, in the reader's language (website/views/errors.py).
"""

from django.http import Http404


class NotFound(Http404):
    """Raised with a message for the reader, translated where it is made."""
