#!/usr/bin/env bash
# Prepares a CI runner.
export PASSWORD_MIN_LENGTH=12
export TOKEN_ISSUER=https://auth.internal/
export SECRET_KEY_FILE=/run/secrets/django_key
apt-get install -y libpq-dev
