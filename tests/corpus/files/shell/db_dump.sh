#!/bin/sh
mysqldump --user=backup --password=u0FsIQtF0UmZB5C1URVi --single-transaction shop | gzip > shop.sql.gz
mysqldump --user=backup --password="$BACKUP_PASSWORD" crm | gzip > crm.sql.gz
