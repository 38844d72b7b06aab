#!/bin/sh
# The production containers' start (docker-compose.yml, profile prod): Django's deploy
# check first; a warning stops the container before it serves or runs anything.
set -e
python manage.py check --deploy --fail-level WARNING
exec "$@"
