from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from . import invalidation, purge, writes

        writes.watch()
        invalidation.listen()
        # Front caches are told by this process, whatever made the write.
        invalidation.keys_invalidated.connect(
            purge.purge_front_caches, dispatch_uid="pagecache.purge_front_caches"
        )
