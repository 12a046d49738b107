"""gunicorn's settings for Renda (read from the working directory: `gunicorn renda.wsgi`).

Every number can be set from the environment. Database connections: each thread keeps at most one
(`DATABASE_CONN_MAX_AGE`, with health checks), so the web tier holds at most
GUNICORN_WORKERS x GUNICORN_THREADS of them (see README, "Database connections").
"""

import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", 3)
# Threads keep a long ledger export (tens of thousands of rows) from holding the only worker.
threads = _int("GUNICORN_THREADS", 4)
# A long export needs minutes; a worker stuck longer is killed and replaced.
timeout = _int("GUNICORN_TIMEOUT", 180)
# On restart or recycling, requests in flight get this long to finish instead of being cut off.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Longer than the reverse proxy's idle timeout for upstream connections, so gunicorn never closes a
# kept-alive connection the proxy is about to reuse (that race shows as connection resets).
keepalive = _int("GUNICORN_KEEPALIVE", 75)
# Workers are recycled after this many requests (memory kept in check), at staggered moments (jitter)
# so that never all of them restart at once. A recycled worker closes its idle keep-alive connections,
# and a request a client sends on one at that instant is reset (HTTP/1.1's keep-alive race: browsers
# and the reverse proxy retry such a GET by themselves); rare recycling keeps those instants rare.
max_requests = _int("GUNICORN_MAX_REQUESTS", 10000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 1000)
# Connections waiting for a free thread, rather than refused while every thread is busy.
backlog = _int("GUNICORN_BACKLOG", 2048)
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# The access log shows how long each request took (microseconds), for slow-page reports.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'
