FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install ".[s3]"
COPY . .
# collectstatic needs settings to import; the real key comes from the environment.
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

RUN useradd --create-home --uid 1000 web && mkdir -p /app/media /app/private \
    && chown web /app/media /app/private
USER web

EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn cepsite.wsgi --bind 0.0.0.0:${PORT:-8000} --workers ${WEB_CONCURRENCY:-2} --access-logfile -"]
