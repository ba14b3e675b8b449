#!/bin/sh
# Lighthouse (mobile) on the home page, a press release and a resource page:
# gunicorn with production settings on the demo content, in a scratch
# directory, with Debian's chromium. Prints each page's cumulative layout
# shift and performance score; the reports stay in the scratch directory.
#
#   LIGHTHOUSE=/path/to/node_modules/.bin/lighthouse bench/lighthouse.sh
#
# Lighthouse comes from npm (npm i -E lighthouse@12.2.3); it is not part of CI.
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
LIGHTHOUSE=${LIGHTHOUSE:-lighthouse}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
work=$(mktemp -d /tmp/cep-lighthouse.XXXXXX)
port=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

export DATABASE_URL=${LIGHTHOUSE_DATABASE_URL:-sqlite:///$work/db.sqlite3}
export MEDIA_ROOT=$work/media PRIVATE_MEDIA_ROOT=$work/private CACHE_DIR=$work/cache
export SECRET_KEY=lighthouse-only-not-a-secret ALLOWED_HOSTS=127.0.0.1
# No TLS in front of it here; the media are served by the app, as nginx would.
export SECURE_SSL_REDIRECT=0 SERVE_MEDIA=1 RATELIMIT_ENABLE=0

DEBUG=1 $PY manage.py migrate --noinput --verbosity 0
DEBUG=1 $PY manage.py load_demo >/dev/null
DEBUG=1 $PY manage.py make_renditions >/dev/null
DEBUG=0 $PY manage.py collectstatic --noinput --verbosity 0

pages=$(DEBUG=1 $PY manage.py shell -c '
from press.models import PressRelease
from resources.models import Resource
release = PressRelease.objects.published().exclude(image="").first()
resource = Resource.objects.published().exclude(image="").first()
print("PAGES /", release.get_absolute_url(), resource.get_absolute_url())
' | sed -n "s/^PAGES //p")

DEBUG=0 $PY -m gunicorn cepsite.wsgi --bind 127.0.0.1:$port --workers 2 \
    --log-level warning >"$work/gunicorn.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 50); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.2
done

for path in $pages; do
    name=$(echo "$path" | tr '/' '_')
    # Lighthouse now and then fails to record a trace: try again.
    for attempt in 1 2 3; do
        "$LIGHTHOUSE" "http://127.0.0.1:$port$path" --quiet \
            --form-factor=mobile --only-categories=performance \
            --chrome-flags="--headless=new --no-sandbox" \
            --output=json --output-path="$work/lighthouse$name.json" && break
        [ "$attempt" = 3 ] && exit 1
    done
    $PY -c '
import json, sys
report = json.load(open(sys.argv[1]))
audits = report["audits"]
cls = audits["cumulative-layout-shift"]["numericValue"]
score = report["categories"]["performance"]["score"]
lcp = audits["largest-contentful-paint"]["numericValue"]
print(f"{sys.argv[2]:<40} CLS {cls:.3f}  LCP {lcp / 1000:.1f} s  performance {score * 100:.0f}")
' "$work/lighthouse$name.json" "$path"
done
echo "Reports in $work"
