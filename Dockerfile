# The same stack as `make run`, for users with Docker (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext postgresql-client \
       libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv==0.13.8

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN python manage.py compilemessages --ignore '/opt/*' -v 0 \
    && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput -v 0

RUN useradd --create-home klankbord && chown -R klankbord /app
USER klankbord
EXPOSE 8000
