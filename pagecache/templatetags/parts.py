"""
`{% part "name" %}…{% endpart %}`: a region of the frame that an entry's view
may keep and replay (pagecache/parts.py).

Replayed, the region's stored HTML is written out and what is inside it (the
child template's blocks) is not rendered at all, so nothing it would read is
read. Outside an entry view that keeps parts, the tag renders its content as
if it were not there.
"""

from django import template

from pagecache import parts

register = template.Library()


class PartNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        html = parts.replayed(self.name)
        if html is not None:
            return html
        html = self.nodelist.render(context)
        parts.record(self.name, html)
        return html


@register.tag
def part(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f'{bits[0]} takes one quoted name: {{% part "name" %}}')
    nodelist = parser.parse(("endpart",))
    parser.delete_first_token()
    return PartNode(bits[1][1:-1], nodelist)
