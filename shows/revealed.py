"""
Plot facts among a show's structured rows (a character's membership of one of
the story's organisations) carry the episode that reveals them
(`revealed_in`); a reader who says they have not watched it yet (`?watched=`,
wiki/reading.py) sees a note in each one's place, and the page neither lists
nor cites it.
"""

from dataclasses import dataclass, field

from wiki.reading import EpisodeCode


@dataclass
class Revealed:
    """The rows a reader may read, and the episodes of those kept from them, in order."""

    shown: list = field(default_factory=list)
    hidden: list[EpisodeCode] = field(default_factory=list)

    def __bool__(self):
        return bool(self.shown or self.hidden)


def for_reader(rows, watched: EpisodeCode | None) -> Revealed:
    """Split rows (with `revealed_in__season` read) for a reader who watched up to `watched`."""
    revealed = Revealed()
    for row in rows:
        if row.hidden_for(watched):
            revealed.hidden.append(row.revealed_in.code)
        else:
            revealed.shown.append(row)
    return revealed
