from .cast import Casting, Character, Membership
from .news import NewsEvent
from .organisations import Organisation, Position
from .series import Credit, Episode, Season, Show
from .sources import Source
from .status import StatusChange

__all__ = [
    "Casting",
    "Character",
    "Credit",
    "Episode",
    "Membership",
    "NewsEvent",
    "Organisation",
    "Position",
    "Season",
    "Show",
    "Source",
    "StatusChange",
]
