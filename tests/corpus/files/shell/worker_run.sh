#!/bin/sh
cd /srv/worker
exec env QUEUE_PASSWORD=mFlOfbdjRAMvLUt1ikbA CONCURRENCY=4 ./worker --queue default
