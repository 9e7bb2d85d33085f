"""
Template tags for reading a page as of a day (`?as_of=`, shows/as_of.py).

    {% load as_of %}
    {% news_on events as news %}            news.known, news.maybe, news.undated
    {% news_on events undated=count as news %}
    {% known_on event.date as known %}      "yes", "not_yet", "maybe" or "undated"
    {% released episode as out %}           the same for an episode's release
    {% episodes_on episodes as counted %}   counted.out, counted.maybe

Each reads the day from the page's `reading` (wiki/reading.py); without one,
every row is shown as today.
"""

from django import template

from shows import as_of, world_time

register = template.Library()


def _day(context):
    reading = context.get("reading")
    return getattr(reading, "as_of", None)


@register.simple_tag(takes_context=True)
def news_on(context, events, undated=None):
    # A page that counted no undated events passes nothing: "" from the template.
    counted = undated if isinstance(undated, int) else None
    return as_of.news_on(events, _day(context), counted)


@register.simple_tag(takes_context=True)
def known_on(context, date):
    return world_time.known_on(date or None, _day(context)).value


@register.simple_tag(takes_context=True)
def released(context, episode, season=None):
    """Whether an episode was out on the page's day: "yes", "not_yet", "maybe" or "undated"."""
    return as_of.released(episode, _day(context), season or None).value


@register.simple_tag(takes_context=True)
def episodes_on(context, episodes, season=None):
    return as_of.episodes_on(episodes, _day(context), season or None)


@register.simple_tag(takes_context=True)
def positions_on(context, positions):
    """The posts held or ended by the page's day, each with `held` and `start_known`."""
    return as_of.positions_on(positions, _day(context))
