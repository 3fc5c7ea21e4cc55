#!/usr/bin/env bash
# Sends records through API Gateway to the REST Proxy (Kafka REST v2, JSON embedded format).
#
#   API_URL=https://xxxx.execute-api.eu-west-1.amazonaws.com/prod API_KEY=... ./produce.sh
#       posts the sample rows of produce-pin.json, produce-geo.json and produce-user.json;
#   API_URL=... API_KEY=... ./produce.sh delete 52
#       deletes post 52: a tombstone (null value) keyed 52 on each of the three raw topics.
#
# Keys are JSON numbers ("key": 52), so the record key is the digits 52, exactly what the source
# connector writes: the post lands on the same partition whichever way it came. A quoted key
# ("key": "52") would be the four bytes "52" with the quotes.
#
# The v2 API answers 200 even when records failed: each record's result carries its own
# error_code. This script fails (exit 1) when any record failed, or when a request takes longer
# than MAX_TIME seconds (default 35: API Gateway gives up at 29 s with a 504, and the REST Proxy
# is set to fail a record within 25 s, see kafka-rest.properties).
set -euo pipefail
cd "$(dirname "$0")"
: "${API_URL:?set API_URL to the API Gateway stage URL}"
prefix="${TOPIC_PREFIX:-pinterest.}"
max_time="${MAX_TIME:-35}"

# Posts one request body to one topic; fails on a transport error, an HTTP error or any record
# whose error_code is set.
send() {
  local topic="$1" body="$2" response
  if ! response=$(curl --fail --silent --show-error --max-time "$max_time" -X POST "$API_URL/topics/${prefix}${topic}" \
      -H "Content-Type: application/vnd.kafka.json.v2+json" \
      -H "Accept: application/vnd.kafka.v2+json" \
      ${API_KEY:+-H "x-api-key: $API_KEY"} \
      --data "$body"); then
    echo "produce to ${prefix}${topic} failed (no answer within ${max_time}s, or an HTTP error)" >&2
    return 1
  fi
  echo "$response"
  # A failed record reads "error_code":50003 (a number); a delivered one "error_code":null.
  if grep -Eq '"error_code"[[:space:]]*:[[:space:]]*[0-9]' <<<"$response"; then
    echo "produce to ${prefix}${topic}: at least one record was not written (see error_code above)" >&2
    return 1
  fi
}

failed=0
if [[ "${1:-}" == "delete" ]]; then
  post="${2:?usage: produce.sh delete POST_NUMBER}"
  [[ "$post" =~ ^-?[0-9]{1,18}$ ]] || { echo "not a post number: $post" >&2; exit 2; }
  for topic in pin geo user; do
    send "$topic" "{\"records\":[{\"key\":${post},\"value\":null}]}" || failed=1
  done
else
  for topic in pin geo user; do
    send "$topic" "@produce-${topic}.json" || failed=1
  done
fi
exit "$failed"
