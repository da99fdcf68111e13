#!/bin/sh
# Register this ICATI Desktop folder with the Linux desktop, for the current user:
# the menu entry, the icon, the .icati file type ("Open with ICATI Desktop") and the
# `icati-desktop` and `icati` commands in ~/.local/bin. The folder stays where it is:
# unpack it where it should live, then run ./install.sh. `./install.sh --uninstall`
# removes what this script added (not the folder, not your data).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin
name=icati-desktop
icons="$here/_internal/resources/app-icon"

added="$data/applications/$name.desktop $data/mime/packages/icati-bundle.xml $bin/icati-desktop $bin/icati"
for size in 16 24 32 48 64 128 256 512; do
    added="$added $data/icons/hicolor/${size}x${size}/apps/$name.png"
done
added="$added $data/icons/hicolor/scalable/apps/$name.svg"

refresh() {
    # Each tool is optional: a desktop without it reads the files at its next start.
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$data/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$data/applications" >/dev/null 2>&1 || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        gtk-update-icon-cache -q -t "$data/icons/hicolor" >/dev/null 2>&1 || true
    fi
}

case "${1:-}" in
    --uninstall)
        for file in $added; do rm -f -- "$file"; done
        refresh
        echo "ICATI Desktop removed from the menu; $here and your data are untouched."
        exit 0
        ;;
    "") ;;
    *)
        echo "usage: $0 [--uninstall]" >&2
        exit 2
        ;;
esac

if [ ! -x "$here/icati-desktop" ] || [ ! -d "$icons" ]; then
    echo "install.sh: run it from the unpacked ICATI Desktop folder (icati-desktop not found in $here)" >&2
    exit 1
fi
case "$here" in
    *[[:space:]]*)
        echo "install.sh: move the folder to a path without spaces first ($here)" >&2
        exit 1
        ;;
esac

mkdir -p "$data/applications" "$data/mime/packages" "$bin" "$data/icons/hicolor/scalable/apps"
sed "s|^Exec=icati-desktop|Exec=$here/icati-desktop|" "$here/$name.desktop" \
    >"$data/applications/$name.desktop"
cp "$here/icati-bundle.xml" "$data/mime/packages/icati-bundle.xml"
for size in 16 24 32 48 64 128 256 512; do
    mkdir -p "$data/icons/hicolor/${size}x${size}/apps"
    cp "$icons/$name-$size.png" "$data/icons/hicolor/${size}x${size}/apps/$name.png"
done
cp "$icons/$name.svg" "$data/icons/hicolor/scalable/apps/$name.svg"
ln -sf "$here/icati-desktop" "$bin/icati-desktop"
ln -sf "$here/icati" "$bin/icati"
refresh
echo "ICATI Desktop is in the menu (Office); .icati files open with it."
echo "Commands: $bin/icati-desktop and $bin/icati"
