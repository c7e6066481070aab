# The pmportal image: one build serves the web process (gunicorn), the Celery worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_MEDIA_ROOT=/data/media

WORKDIR /app

RUN groupadd --system pmportal \
    && useradd --system --gid pmportal --home-dir /app --shell /usr/sbin/nologin pmportal

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files are hashed and compressed into the image. The production storage needs DEBUG
# off, which needs a secret key: a throwaway one that exists only for this command.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-only-not-used-at-runtime \
    python manage.py collectstatic --noinput \
    && mkdir -p "$DJANGO_MEDIA_ROOT" \
    && chown pmportal:pmportal "$DJANGO_MEDIA_ROOT"

# The code stays owned by root, so the running portal cannot rewrite itself.
USER pmportal

EXPOSE 8000

CMD ["gunicorn", "pmportal.wsgi", "--bind", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
