#!/bin/sh
# Install what stratus needs to build and test, when it is missing.
# Debian/Ubuntu packages through apt-get (as root, or through sudo);
# otherwise print the exact command and stop. Then the npm packages the
# sync tests run (dynalite, s3rver), from tests/package-lock.json.
set -eu

PKGS="cmake pkg-config make gcc clang libncurses-dev libcmark-gfm-dev \
libcmark-gfm-extensions-dev libsqlite3-dev sqlite3 libcurl4-openssl-dev \
libssl-dev libyaml-dev libcjson-dev zlib1g-dev libcmocka-dev libvterm-dev tmux \
nodejs ripgrep mdp hyperfine python3 openssl time \
libchafa-dev libgdk-pixbuf-2.0-dev librsvg2-dev libcairo2-dev libpango1.0-dev \
chromium poppler-utils fonts-dejavu-core"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
# npm ships with NodeSource's nodejs; Debian's nodejs needs the npm package.
if ! command -v npm >/dev/null 2>&1; then
	missing="$missing npm"
fi

if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ]; then
		SUDO=""
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		SUDO="sudo"
	else
		echo "stratus: missing packages:$missing" >&2
		echo "run:  sudo apt-get update && sudo apt-get install -y$missing" >&2
		exit 1
	fi
	echo "stratus: installing$missing" >&2
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >&2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$root/tests/node_modules/.bin/dynalite" ] ||
   [ ! -x "$root/tests/node_modules/.bin/s3rver" ]; then
	echo "stratus: installing dynalite and s3rver (npm ci in tests/)" >&2
	(cd "$root/tests" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
