#!/bin/sh
# Nightly dump of the shop database.
DATE=$(date +%F)
PGPASSWORD=H8AaWpcFQCq8f3406lTP pg_dump -h db.internal -U backup shop > "/var/backups/shop-$DATE.sql"
gzip "/var/backups/shop-$DATE.sql"
