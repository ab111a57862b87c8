#!/bin/sh
# Asks Jenkins whether the last build is green.
curl -sf -u monitor:kZ7SymLMcvZkx9aQcuwZCR https://jenkins.internal/job/shop/lastBuild/api/json | jq .result
curl -sf -u "$JENKINS_USER:$JENKINS_TOKEN" https://jenkins.internal/api/json > /dev/null
