"""The recent changes as an Atom feed: `/recent-changes/feed/`, with `?type=` as on the page."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext

from wiki.text import XmlSafeFeed

from . import revisions
from .templatetags.history import author, signed
from .views import PER_PAGE, label_of, link_changes, type_filter


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
        # As on the page: one item per revision, however many entries it saved.
        found = revisions.revisions(obj["model"])[:PER_PAGE]
        return link_changes(revisions.revision_changes(found, obj["model"]))

    def item_title(self, line):
        if (one := line.single) is not None:
            return gettext("%(name)s (%(type)s) %(change)s by %(author)s") % {
                "name": one.name,
                "type": one.type_name,
                "change": one.kind.label,
                "author": author(line.revision),
            }
        return ngettext(
            "%(via)s: %(count)s entry by %(author)s",
            "%(via)s: %(count)s entries by %(author)s",
            len(line.entries),
        ) % {"via": line.via, "count": len(line.entries), "author": author(line.revision)}

    def item_description(self, line):
        summary = line.revision.get_comment() or gettext("No edit summary.")
        one = line.single
        if one is None:
            names = ", ".join(each.name for each in line.named)
            if line.more:
                names = ngettext(
                    "%(names)s and %(count)s more", "%(names)s and %(count)s more", line.more
                ) % {"names": names, "count": line.more}
            return format_html("<p>{}</p><p>{}</p>", summary, names)
        if one.size_change is None:
            return format_html("<p>{}</p>", summary)
        size = ngettext(
            "Size change: %(size)s character.",
            "Size change: %(size)s characters.",
            abs(one.size_change),
        ) % {"size": signed(one.size_change)}
        return format_html("<p>{}</p><p>{}</p>", summary, size)

    def item_link(self, line):
        # One entry's change links where the page's line does (its diff); several
        # entries' to the revision's page.
        one = line.single
        return one.url if one is not None else line.url

    def item_author_name(self, line):
        return author(line.revision)

    def item_pubdate(self, line):
        return line.revision.date_created

    def item_updateddate(self, line):
        return line.revision.date_created
