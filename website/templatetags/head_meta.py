"""
The head of every page, for machines: canonical URL, link previews, JSON-LD.

    {% load head_meta %}
    {% capture page_title %}{% block title %}…{% endblock title %}{% endcapture %}
    <title>{{ page_title }}</title>
    {% head_meta %}

`base.html` renders the title and description blocks once each, into
`page_title` and `page_description`, and `{% head_meta %}` repeats them as
OpenGraph values: entry templates only fill their blocks, as before. The entry
is the DetailView's `object`, for the views that `website.structured_data`
describes; nothing here queries.
"""

from django import template
from django.utils.safestring import mark_safe

from website import social_meta, structured_data
from website.canonical import canonical_url

from . import languages

register = template.Library()


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The blocks inside were escaped as they rendered: the text is HTML already.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """`{% capture name %}…{% endcapture %}`: render once, keep as `name`, output nothing."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one name: {{% capture name %}}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


@register.inclusion_tag("website/_head_meta.html", takes_context=True)
def head_meta(context):
    request = context.get("request")
    if request is None:
        return {}
    match = request.resolver_match
    view_name = match.view_name if match else None
    entry = context.get("object")
    links = structured_data.Links(request)
    graph = structured_data.graph_for(view_name, entry, links)
    canonical = canonical_url(request, context)
    return {
        "canonical": canonical,
        "alternates": languages.alternates(canonical),
        "site_name": structured_data.SITE_NAME,
        "og_type": social_meta.og_type(view_name),
        "title": social_meta.og_title(context.get("page_title", "")),
        "description": context.get("page_description", ""),
        "image": social_meta.shared_image(social_meta.page_image(view_name, entry), links),
        "json_ld": structured_data.json_ld_script(graph) if graph else "",
    }
