#!/bin/sh
# Bring a tracker's data file up to date from the UN Treaty Collection; when it changed, commit
# it with `ratify diff` as the commit message and refresh the published feed and badge.
# Exit 0: nothing changed; 3: changed and committed; 1: the sync failed (nothing written) or
# the file had uncommitted changes (an earlier commit failed: nothing is synced over them).
#
#   RATIFY_TRACKER  the git checkout that holds data/states.yaml (default: the current folder)
#   RATIFY_PUBLIC   where feed.xml and badge.svg go (default: public/ in the checkout)
set -u
cd "${RATIFY_TRACKER:-.}" || exit 1
public=${RATIFY_PUBLIC:-public}
if ! git diff --quiet -- data/states.yaml; then
    # an earlier run synced but could not commit: never let its change go unrecorded
    echo "data/states.yaml has uncommitted changes: commit or restore them first" >&2
    exit 1
fi
before=$(mktemp) || exit 1
trap 'rm -f "$before" "$before.msg"' EXIT
cp data/states.yaml "$before" || exit 1

ratify --data data/states.yaml sync --exit-code
status=$?
[ "$status" -eq 3 ] || exit "$status"

{
    echo "ratify sync: the UN Treaty Collection's status page changed"
    echo
    ratify --data data/states.yaml diff "$before"
} > "$before.msg" || exit 1
git commit --quiet --file "$before.msg" -- data/states.yaml || exit 1
mkdir -p "$public"
ratify --data data/states.yaml feed -o "$public/feed.xml" || exit 1
ratify --data data/states.yaml badge -o "$public/badge.svg" || exit 1
exit 3
