#!/usr/bin/env bash
# Rotates the database password: reads the new one from Vault.
export DB_PASSWORD="$(vault kv get -field=password secret/shop/db)"
export API_TOKEN=${API_TOKEN:-}
export PASSWORD_MIN_LENGTH=16
psql -c "ALTER ROLE shop PASSWORD '$DB_PASSWORD'"
