"""The wiki's uploads, served to a browser context from a test's media folder."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from images.services import image_create
from people.models import Person
from shows.models import Character, Show
from tests.images.pictures import picture_bytes, upload


def hold_pictures():
    """
    Three held pictures, each of the show, Cheyenne Toussaint and Lou de Laâge:
    the first leads each one's infobox, the other two are its gallery.
    """
    entries = [
        Show.objects.get(slug="etoile"),
        Character.objects.get(slug="cheyenne-toussaint"),
        Person.objects.get(slug="lou-de-laage"),
    ]
    for number, size in enumerate([(1500, 1000), (800, 1200), (900, 600)]):
        image_create(
            alt=f"Rehearsal picture {number}",
            file=upload(picture_bytes("JPEG", size, colour=(number * 60, 30, 90)), "p.jpg"),
            caption=f"Rehearsal {number}",
            position=number + 1,
            depicts=entries,
        )


class Media:
    """
    Answers /media/ from the test's media folder (this route wins, being the
    latest). Held, it keeps every picture back until `release()`: they then
    arrive after the text is painted, as on a slow network, when a picture
    without its box set would push the text down.
    """

    def __init__(self, context, root, held=False):
        self.root = Path(root).resolve()
        self.held = held
        self.waiting = []
        context.route("**/media/**", self._route)

    def _route(self, route):
        if self.held:
            self.waiting.append(route)
        else:
            self._fulfil(route)

    def _fulfil(self, route):
        file = self.root / unquote(urlsplit(route.request.url).path).removeprefix("/media/")
        if file.is_file() and file.resolve().is_relative_to(self.root):
            route.fulfill(path=file)
        else:
            route.fulfill(status=404)

    def release(self):
        self.held = False
        for route in self.waiting:
            self._fulfil(route)
        released, self.waiting = len(self.waiting), []
        return released
