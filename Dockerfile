# Renda's image: gunicorn serving renda.wsgi on port 8000; the same image runs the Celery worker and beat.
# Build: docker-compose build (or: docker build -t renda .)

# --- front-end packages -------------------------------------------------------------------------------
# Node and npm come from Debian and live only in this stage: they are needed for `npm ci` alone.
FROM python:3.11-slim AS frontend
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error

# --- the application ----------------------------------------------------------------------------------
FROM python:3.11-slim

# Templates, static/, locale/ and node_modules are read relative to the code in /app, so the code is
# imported from /app as well (PYTHONPATH), never from the copy that `pip install .` puts in site-packages.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    PYTHONPATH=/app \
    DJANGO_DEBUG=false

RUN groupadd --system renda \
 && useradd --system --gid renda --home-dir /app --no-create-home --shell /usr/sbin/nologin renda

WORKDIR /app

# The dependencies first, in their own layer, so that a change to the code does not reinstall them.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt \
 && rm /tmp/requirements.txt

COPY . .
COPY --from=frontend /build/node_modules ./node_modules

# The code stays owned by root (read-only for the app); only collected static files and var/ are its own.
RUN pip install . \
 && rm -rf build ./*.egg-info \
 && DJANGO_SECRET_KEY=collectstatic-only-not-a-secret DJANGO_DEBUG=false python manage.py collectstatic --noinput \
 && mkdir -p var/media \
 && chown -R renda:renda staticfiles var

USER renda
EXPOSE 8000
# Workers, threads, timeouts, keep-alive and recycling: gunicorn.conf.py (each settable from the environment).
CMD ["gunicorn", "renda.wsgi"]
