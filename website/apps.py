from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    """
    The site's face: the home page, the head of every page (canonical address,
    link previews, JSON-LD, language versions), the error pages, the sitemaps
    and robots.txt. It reads the domain apps and the wiki core; none of them
    imports it.
    """

    name = "website"
