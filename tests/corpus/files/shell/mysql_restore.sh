#!/bin/bash
# Restores last night's dump into the staging database.
set -e
gunzip -c /backups/latest.sql.gz | mysql -h staging-db -u restore -peDHSz28rq4J9f1jn8J shop
mysql -h staging-db -u restore -p shop -e 'SELECT COUNT(*) FROM orders'
