# Production image: gunicorn serves the app, WhiteNoise the static files.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SCRUTINEER_VAR_DIR=/app/var
WORKDIR /app
# Pango and fonts for WeasyPrint (the report's PDF); pg_dump for backups.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       fonts-liberation postgresql-client \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt ./
# Exact pins with hashes (scripts/lock.sh): pip refuses any other file.
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
COPY . .
RUN useradd --create-home --uid 10001 scrutineer \
    && mkdir -p /app/var/media \
    && DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=build \
       python manage.py collectstatic --no-input \
    && chown -R scrutineer /app/var
USER scrutineer
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
