#!/bin/sh
# Rebuilds the built-in advisory snapshot, data/advisories/pypi.tsv, from the
# PyPA advisory database (OSV YAML, licence CC-BY 4.0), with the same code
# users run: `keyward advisories import`. The snapshot's date is the newest
# `modified` date in the data.
#
#   scripts/advisories.sh [REPOSITORY]
#
# REPOSITORY is a git URL or a local clone or mirror of pypa/advisory-database
# (default: https://github.com/pypa/advisory-database).
set -eu
cd "$(dirname "$0")/.."
source=${1:-https://github.com/pypa/advisory-database}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet --depth 1 "$source" "$work/db"
commit=$(git -C "$work/db" rev-parse HEAD)
cargo run --quiet --release -- advisories import "$work/db/vulns" \
    --output data/advisories/pypi.tsv \
    --source "pypa/advisory-database commit $commit (CC-BY 4.0, see NOTICE)"
