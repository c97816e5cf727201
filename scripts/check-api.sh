#!/usr/bin/env bash
# Guards the wire API: `buf breaking` (buf.yaml's FILE rules) of proto/ against
# the last release. The last release is the newest `v*` tag when the clone has
# one, else the API image committed at proto/api/ for it (CI clones may carry
# no tags). At a release: scripts/check-api.sh --snapshot vX.Y.Z writes its image.
set -euo pipefail
cd "$(dirname "$0")/.."
buf=.venv/bin/buf
[ -x "$buf" ] || buf=buf

if [ "${1:-}" = --snapshot ]; then
  version="${2:?usage: check-api.sh --snapshot vX.Y.Z}"
  "$buf" build proto --exclude-source-info -o "proto/api/$version.binpb"
  echo "wrote proto/api/$version.binpb"
  exit 0
fi

tag=$(git describe --tags --abbrev=0 --match 'v*' 2>/dev/null || true)
if [ -n "$tag" ]; then
  echo "buf breaking against tag $tag"
  "$buf" breaking proto --against ".git#tag=$tag,subdir=proto"
else
  image=$(ls proto/api/v*.binpb | sort -V | tail -n 1)
  echo "buf breaking against $image (no release tag in this clone)"
  "$buf" breaking proto --against "$image"
fi
