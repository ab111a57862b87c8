#!/usr/bin/env bash
# Deploys the API to the production cluster.
set -euo pipefail

export AWS_REGION=eu-west-1
export DEPLOY_TOKEN=4LflHiNap7FULrAL2NtoUHijowCttGMB
export RELEASE_CHANNEL=stable

./bin/build --release
./bin/push --region "$AWS_REGION"
