# The app's image: the same for the app servers and the worker (compose.yaml).
FROM python:3.11-slim-bookworm

# WeasyPrint draws PDFs with Pango; DejaVu is the PDFs' font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /srv/pendampingan
COPY . .
RUN pip install --no-cache-dir . \
    && DEBUG=1 python manage.py collectstatic --noinput --verbosity 0 \
    && DEBUG=1 python manage.py compilemessages --ignore=.venv --verbosity 0

RUN useradd --system --home /srv/pendampingan app
USER app
EXPOSE 8000
CMD ["gunicorn", "pendampingan.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--no-control-socket"]
