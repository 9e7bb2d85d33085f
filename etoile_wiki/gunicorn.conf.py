"""
Gunicorn settings for `make serve`, read from the environment like the rest.

HOST and PORT say where to listen (127.0.0.1:8000 unless told otherwise: a
load balancer or a reverse proxy in front is the usual way in). WEB_CONCURRENCY
sets the number of worker processes; by default two per core plus one, the
usual figure for workers that mostly wait on the database.
"""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Load the application once in the master, then fork: workers share its memory
# pages instead of each importing Django and the apps again.
preload_app = True
# A request that takes longer than this is killed and logged, never left hanging.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Recycle workers now and then so that a slow leak can never grow without bound.
max_requests = 100_000
max_requests_jitter = 10_000
# Request heads beyond these are refused by gunicorn itself (bodies: Django).
limit_request_line = 8190
limit_request_fields = 100
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# Behind a load balancer or proxy on another host, its address belongs here so
# that X-Forwarded-For/-Proto are believed (FORWARDED_ALLOW_IPS).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


# No control socket in $HOME: several instances on one machine (the benchmark,
# the tests) would fight over it, and operators manage gunicorn with signals.
control_socket_disable = True


def post_fork(server, worker):
    # A connection opened in the master (a check at import time, say) must not be
    # shared by forked workers: each opens its own.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
