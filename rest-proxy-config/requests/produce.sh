#!/usr/bin/env bash
# Posts the sample requests through API Gateway to the REST Proxy (Kafka REST v2, JSON embedded format).
#   API_URL=https://xxxx.execute-api.eu-west-1.amazonaws.com/prod API_KEY=... TOPIC_PREFIX=pinterest. ./produce.sh
set -euo pipefail
cd "$(dirname "$0")"
: "${API_URL:?set API_URL to the API Gateway stage URL}"
prefix="${TOPIC_PREFIX:-pinterest.}"
for topic in pin geo user; do
  curl --fail --silent --show-error -X POST "$API_URL/topics/${prefix}${topic}" \
    -H "Content-Type: application/vnd.kafka.json.v2+json" \
    -H "Accept: application/vnd.kafka.v2+json" \
    ${API_KEY:+-H "x-api-key: $API_KEY"} \
    --data @"produce-${topic}.json"
  echo
done
