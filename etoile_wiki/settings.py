"""
Settings for the Étoile wiki, read from the environment in one place.

Every variable is documented in README.md and .env.example. Production is the
default: DEBUG is off unless set, and then SECRET_KEY must come from outside.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is a convenience for developers; real deployments set variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "Set DEBUG=true for local development, or provide SECRET_KEY."
        )
    # A fresh key per process: sessions do not survive a restart in development,
    # and no shared key ever lands in the repository.
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # First: its ready() reads every app's entries.py, so the wiki's registry of
    # kinds of entry is whole before any other app's ready() (the admin's
    # included) reads it (wiki/apps.py).
    "wiki",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Its templates for /sitemap.xml (website/sitemaps.py).
    "django.contrib.sitemaps",
    "reversion",
    # Login throttling: failed logins counted per address and per name (below).
    "axes",
    # Subresource integrity of the pages' script ({% sri_attrs %}).
    "sri",
    # Early: its ready() watches every connection's reads and writes (pagecache/writes.py).
    "pagecache",
    # Before nothing it overrides but Django's own loaddata, which it wraps.
    "history",
    # The order history, wiki text and search do their work on a write is the
    # change pipeline's (wiki/changes.py), not this list's.
    "people",
    "shows",
    "images",
    "wikitext",
    "search",
    # The read-only JSON API over the registry's kinds (api/views.py).
    "api",
    # The site's face, over all of the above: home page, page heads, error pages, sitemaps.
    "website",
]

MIDDLEWARE = [
    # First: a load balancer's probe needs no host check, HTTPS redirect or session.
    "etoile_wiki.health.HealthCheckMiddleware",
    # Before anything reads the body.
    "etoile_wiki.limits.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "etoile_wiki.cross_origin.CrossOriginResourcePolicyMiddleware",
    # Before anything looks a request up (the page cache, a view, a 404's
    # former addresses): no address or header of the wiki holds a control character.
    "etoile_wiki.input_checks.InputCheckMiddleware",
    # The API may be read from any origin: its answers carry CORS headers, its
    # 429s and hits included, and a preflight is answered here (CORS_* below).
    "corsheaders.middleware.CorsMiddleware",
    # Before the page cache: a cached answer counts against a client's allowance.
    "api.middleware.ApiMiddleware",
    # Before the page cache: a date or episode it cannot read is refused, never
    # kept, and one written another way is sent to the one address kept (wiki/reading.py).
    "wiki.reading.ReadingMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Uploads from MEDIA_ROOT, when this site serves them (SERVE_MEDIA): files, not pages.
    "images.media.MediaMiddleware",
    # What a front cache (Varnish) may keep of each page, hit or miss (pagecache/frontend.py).
    "pagecache.frontend.FrontendCacheMiddleware",
    # Outside GZip (a hit goes out compressed as stored) and outside everything
    # that a cached page does not need (sessions, CSRF, authentication).
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # Inside GZip, so that the ETag is of the page, not of its random gzip wrapper.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language comes from the address alone (/fr/...; English has no prefix),
    # so a cached page is the same whoever asks for it.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns a login that django-axes stopped into its 429 page (below).
    "axes.middleware.AxesMiddleware",
    # Last, so it sees the final "not found" of everything above.
    "wikitext.middleware.FormerPathRedirectMiddleware",
]

ROOT_URLCONF = "etoile_wiki.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wiki.reading.context",
            ],
        },
    },
]

WSGI_APPLICATION = "etoile_wiki.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# No ATOMIC_REQUESTS: on SQLite every transaction takes the write lock up front
# (below), so wrapping reads in one would serialise every reader. Each write path
# (admin, history, images, commands) opens its own transaction.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tuned for a web server: readers never wait for the writer (WAL), a writer
    # waits its turn instead of failing (busy timeout), and a transaction that will
    # write takes the lock when it begins, not halfway through, when SQLite could
    # only give up ("database is locked").
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            # In WAL mode NORMAL never corrupts; a power cut may lose the last commits.
            "PRAGMA synchronous=NORMAL;"
            # 8 MB of page cache per connection: each worker keeps one open.
            "PRAGMA cache_size=-8000;"
        ),
        **DATABASES["default"].get("OPTIONS", {}),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's own pool (psycopg_pool) in each process: no connection set-up per
    # request; broken connections are checked and replaced (CONN_HEALTH_CHECKS).
    # A pool needs CONN_MAX_AGE 0: the pool, not Django, keeps connections.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "pool",
        {
            "min_size": env.int("DATABASE_POOL_MIN", default=1),
            "max_size": env.int("DATABASE_POOL_MAX", default=4),
            # A request waits this long for a connection before a 503. A gunicorn
            # worker serves one request at a time and so needs one connection:
            # a wait means PostgreSQL is away, and a worker held 10 s (as it was)
            # for each request then is a site down for everyone.
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=1.0),
        },
    )
    # The pool connects in the background (requests wait only its timeout, above);
    # 2 s is the least libpq takes.
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=2)
    )
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str(
        "TEST_DATABASE_NAME", default=f"test_{DATABASES['default']['NAME']}"
    )

# Local memory by default (one process); CACHE_URL=redis://host:6379/0 shares
# one cache between every worker and app server.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://etoile-wiki")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # An accelerator, not a single point of failure: while Redis is away, a read
    # is a miss and a write is skipped, pages are rendered live, and the log says
    # so (etoile_wiki/cache.py).
    CACHES["default"]["BACKEND"] = "etoile_wiki.cache.TolerantRedisCache"
    CACHES["default"].setdefault("OPTIONS", {}).update(
        # Give up on an unreachable Redis within a second, not a hung worker.
        {"socket_connect_timeout": 1, "socket_timeout": 1}
    )
    # Sessions read from Redis and are kept in the database too, so a Redis
    # restart logs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Whole pages for anonymous readers (pagecache/): how long an entry may live.
# An edit makes the pages that show what it changed fresh at once whatever this
# is; it only bounds how long unused entries take memory. 0 turns the page
# cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# With a cache every process shares, the stamps that say when each page's
# entries last changed live in it too, so that a hit reads nothing from the
# database and cached pages are served while the database is away
# (pagecache/stamps.py). With a cache per process they live in the database.
PAGE_CACHE_STAMPS_IN_CACHE = CACHES["default"]["BACKEND"] == "etoile_wiki.cache.TolerantRedisCache"
PAGE_CACHE_ALIAS = "default"
# 0: a reader who asks for a page that another request is remaking waits for
# the new copy (up to 2 s), so nobody sees a page older than an edit whose
# response has gone out. Above 0: they get the previous copy at once, for at
# most this many seconds after the remaking began (pagecache/middleware.py).
PAGE_CACHE_GRACE_SECONDS = env.int("PAGE_CACHE_GRACE_SECONDS", default=0)
# Front caches (Varnish, deploy/varnish/etoile.vcl) to purge after every write,
# comma-separated (http://127.0.0.1:6081/); empty: none, and no page is sent
# shareable (pagecache/frontend.py, pagecache/purge.py).
FRONTEND_CACHE_URLS = env.list("FRONTEND_CACHE_URLS", default=[])
# How long a front cache keeps a page (s-maxage) and may serve it on while it
# fetches it again (stale-while-revalidate): their sum bounds how long a page
# whose purge was lost stays stale.
FRONTEND_CACHE_SECONDS = env.int("FRONTEND_CACHE_SECONDS", default=45)
FRONTEND_CACHE_GRACE_SECONDS = env.int("FRONTEND_CACHE_GRACE_SECONDS", default=15)
# A page whose keys take more than this is not shared (Varnish takes response
# headers up to http_resp_hdr_len: deploy/varnish/varnishd.params).
FRONTEND_KEYS_MAX_BYTES = env.int("FRONTEND_KEYS_MAX_BYTES", default=32000)
# Seconds all of one write's purges may take together: a save never waits longer.
FRONTEND_PURGE_TIMEOUT = env.float("FRONTEND_PURGE_TIMEOUT", default=0.5)
# The same keys are purged again this much later, for a page the front cache was
# fetching while the write committed (pagecache/purge.py); 0: once only.
FRONTEND_REPURGE_SECONDS = env.float("FRONTEND_REPURGE_SECONDS", default=1.0)
HEALTH_CHECK_PATH = "/health/"
# Where readers send corrections and ask to become editors (the How to
# contribute page): an email address or a web address; empty: none is shown.
CONTRIBUTE_CONTACT = env.str("CONTRIBUTE_CONTACT", default="")

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT wrong passwords for
# one name, or from one address, logging in that way is paused for
# LOGIN_COOLOFF_MINUTES (a pause, never a permanent lock: nobody has to unlock
# an editor), and every failure is logged with the name and address, never the
# password. Counted in the database, so every worker and server shares the count.
AUTHENTICATION_BACKENDS = [
    "etoile_wiki.login_backend.WebLoginThrottle",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
# The pause runs from the last counted failure: guesses made during it are refused
# unchecked and do not stretch it, so an attacker cannot keep an editor out for ever.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# Axes masks the name and address in its log lines unless told; the password is
# always masked, and the name and address are what an operator needs to see.
AXES_SENSITIVE_PARAMETERS = []
AXES_LOCKOUT_CALLABLE = "website.views.locked_out.locked_out"
# Behind TRUSTED_PROXY_COUNT proxies of ours, the client is that many entries
# from the right of X-Forwarded-For; with none, the peer address (etoile_wiki/client_ip.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "etoile_wiki.client_ip.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface in English and French (content stays as editors wrote it). Each
# language is named in itself, as the language switcher shows it.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded images: MEDIA_ROOT unless MEDIA_STORAGE names another backend
    # (an object store: README, "Images").
    "default": {
        "BACKEND": env.str("MEDIA_STORAGE", default="django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        # Compressed, content-hashed names: far-future caching is safe.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
MEDIA_URL = env.str("MEDIA_URL", default="media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Never through the page cache: admin pages, and uploads when this site serves
# them (from MEDIA_ROOT), which are files, not pages.
PAGE_CACHE_EXCLUDED_PREFIXES = tuple(
    "/admin/" if code == LANGUAGE_CODE else f"/{code}/admin/" for code, _name in LANGUAGES
) + (() if "://" in MEDIA_URL else ("/" + MEDIA_URL.lstrip("/"),))
if STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage":
    # Credentials come the way boto3 reads them (AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY, or the machine's role); the rest from here.
    STORAGES["default"]["OPTIONS"] = {
        "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
        "region_name": env.str("AWS_S3_REGION_NAME", default=None),
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
        "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None),
        "location": env.str("AWS_LOCATION", default="media"),
        # Never replace a stored file: names come from content, and old versions
        # in the history still show theirs.
        "file_overwrite": False,
        "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
    }
# Whether the wiki itself serves MEDIA_ROOT at MEDIA_URL (images/media.py): by
# default when uploads stay on local disk, as under `make serve`, which has no
# web server in front; off to leave them to nginx, an object store or a CDN.
SERVE_MEDIA = env.bool(
    "SERVE_MEDIA",
    default=STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    and "://" not in MEDIA_URL,
)
# Where pictures are served from when not from this site (an object store or a
# CDN, e.g. https://media.example.org): allowed in the Content-Security-Policy.
MEDIA_ORIGIN = env.str("MEDIA_ORIGIN", default="")

# Uploaded images: the largest file accepted, and the most pixels (width by
# height, every frame counted) it may decode to; past either, a form error.
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# The largest request body accepted (an image upload and its form), refused with
# 413 from its declared length before it is read; form fields alone are held to
# Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=IMAGE_MAX_BYTES + 1024 * 1024)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The JSON API (api/): where it lives, and how many requests a client may make
# (django-ninja's rate syntax: "600/min", "20/s"; empty: no limit), counted in
# this cache (the default: Redis in production, shared by every app server).
API_PREFIX = "/api/"
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="600/min")
API_RATE_LIMIT_CACHE = "default"
# Clients are told apart by address, found as login throttling finds it
# (TRUSTED_PROXY_COUNT below): a forwarded address is believed only from proxies of ours.
API_CLIENT_ADDRESS = "etoile_wiki.client_ip.client_ip"
# World time and spoilers (wiki/reading.py) are the pages' own: the API reads no as_of.
READING_IGNORED_PREFIXES = (API_PREFIX,)
# Reads from any origin, never with credentials: "*", so one cached answer serves
# every origin (Vary: Origin keeps it apart from the answer to a request without
# one). Conditional requests and paging headers allowed and exposed.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("ETag", "Link", "Retry-After")

# The model every entry cites (wiki/sources.py): named here, as AUTH_USER_MODEL
# names the user model, so that the wiki's core names no app above it.
WIKI_SOURCE_MODEL = "shows.Source"

# Fixtures fail on a reference to a missing row with a message that names it.
SERIALIZATION_MODULES = {"json": "wiki.fixture_json"}

# Security headers. Pages need no inline script or style, so the policy is
# strict: nothing is allowed unless named here (default-src 'none'), and each
# allowance is what some page uses. No fonts, frames, media, workers, objects or
# manifest: none is used, so none is allowed.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    # The search box's script (static/js/search.js) and the reading one (static/js/reading.js),
    # each with its integrity (templates/base.html).
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    # The wiki's own pictures and icons, and an object store's or CDN's (MEDIA_ORIGIN).
    "img-src": [CSP.SELF, *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    # The search box's suggestions (/search/suggest/).
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
# Production sets SECURE_HSTS_SECONDS=31536000 and, once the domain is submitted
# to the browsers' preload list, SECURE_HSTS_PRELOAD=true (README, Deploy).
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_HTTPS_PROXY", default=False) else None
)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# No page uses these; a page that ever tried would be refused by the browser.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Failed logins and lockouts are warnings; axes says a few lines at INFO on
    # every login besides, which would bury them.
    "loggers": {"axes": {"level": "WARNING"}},
}
