#!/bin/sh
# Nightly dump, run by cron on the database host.
PGPASSWORD=0PksJS0mktMspIFTQ463 pg_dump -h localhost -U parcel parcel | gzip > /var/backups/parcel.sql.gz
