#!/bin/sh
docker run -d --name shop-db -e POSTGRES_PASSWORD=PnnuSthPbD52Ns0BhH26 -p 5432:5432 postgres:16
