"""
Links from an entry's page to where it is edited (wiki/editing.py).

    {% load editing %}
    {% edit_url entry as url %}   the entry's change form, when the signed-in
                                  user may change it; else nothing
"""

from django import template

from wiki import editing

register = template.Library()


@register.simple_tag(takes_context=True)
def edit_url(context, entry):
    request = context.get("request")
    if request is None or entry is None or not editing.may_change(request.user, type(entry)):
        return None
    return editing.change_url(entry)
