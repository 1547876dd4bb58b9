# One image for web, worker and beat; docker-compose.yml chooses the command.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
# The image is production unless told otherwise (DEBUG unset means the development set-up).
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 DEBUG=false
# fonts-wqy-microhei: the TrueType Latin + Chinese font certificate PDFs embed.
RUN apt-get update && apt-get install -y --no-install-recommends gettext fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
RUN pip install -c constraints.txt .
COPY . .
COPY --from=assets /app/node_modules ./node_modules
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore=node_modules -v0
RUN useradd --system --home /app growth && mkdir -p /app/var/media && chown -R growth /app/var
USER growth
EXPOSE 8000
CMD ["gunicorn", "mindspore_growth.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
