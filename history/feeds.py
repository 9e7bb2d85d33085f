"""The recent changes as an Atom feed: `/recent-changes/feed/`, with `?type=` as on the page."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from wiki.text import XmlSafeFeed

from . import reading
from .templatetags.history import author, signed
from .views import PER_PAGE, change_url, label_of, type_filter


class AtomGenerator(XmlSafeFeed, Atom1Feed):
    pass


class RecentChangesFeed(Feed):
    feed_type = AtomGenerator

    def get_object(self, request):
        return {"model": type_filter(request)}

    def title(self, obj):
        model = obj["model"]
        if model is None:
            return gettext("Étoile Wiki: recent changes")
        return gettext("Étoile Wiki: recent changes to %(types)s") % {
            "types": model._meta.verbose_name_plural
        }

    def subtitle(self, obj):
        return gettext("Every edit, creation and deletion on the wiki, newest first.")

    def link(self, obj):
        return self._with_type(reverse("history:recent_changes"), obj)

    def feed_url(self, obj):
        return self._with_type(reverse("history:feed"), obj)

    def _with_type(self, url, obj):
        if obj["model"] is None:
            return url
        return f"{url}?{urlencode({'type': label_of(obj['model'])})}"

    def items(self, obj):
        lines = reading.changes(reading.recent_versions(obj["model"])[:PER_PAGE])
        for line in lines:
            line.url = change_url(line)
        return lines

    def item_title(self, line):
        return gettext("%(name)s (%(type)s) %(change)s by %(author)s") % {
            "name": line.name,
            "type": line.type_name,
            "change": line.kind.label,
            "author": author(line.revision),
        }

    def item_description(self, line):
        summary = line.revision.get_comment() or gettext("No edit summary.")
        if line.size_change is None:
            return format_html("<p>{}</p>", summary)
        size = ngettext(
            "Size change: %(size)s character.",
            "Size change: %(size)s characters.",
            abs(line.size_change),
        ) % {"size": signed(line.size_change)}
        return format_html("<p>{}</p><p>{}</p>", summary, size)

    def item_link(self, line):
        return line.url

    def item_author_name(self, line):
        return author(line.revision)

    def item_pubdate(self, line):
        return line.revision.date_created

    def item_updateddate(self, line):
        return line.revision.date_created
