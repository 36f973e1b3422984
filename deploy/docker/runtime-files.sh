#!/usr/bin/env bash
# Copies what the given programs need at run time into DEST, keeping paths: each program, the
# shared libraries ldd lists for it (the files, not their symlinks, under the names the loader
# asks for), and the data files those libraries read. The runtime image is debian:12-slim plus
# exactly this, instead of every package those libraries come with (their docs, tools and
# recommends): Vizora's image is then as small as Debian's builds of those libraries allow
# (docs/OPERATIONS.md "Images" has the figures).
#
#   deploy/docker/runtime-files.sh DEST PROGRAM...
set -euo pipefail
dest="$1"
shift

copy() {  # copy PATH's file to DEST/PATH, once, under its real directory (Debian 12 links
          # /lib to /usr/lib: a /lib directory in the image would replace that link)
  local to
  to="$(realpath "$(dirname "$1")")/$(basename "$1")"
  [ -e "$dest$to" ] || { mkdir -p "$dest$(dirname "$to")" && cp -L "$1" "$dest$to"; }
}

libraries_of() {  # every resolved library path ldd prints for $1
  ldd "$1" | awk '/=> \//{print $3} /^\t\/lib/{print $1}'
}

# libvips loads its format modules (HEIF, ImageMagick's formats) at run time.
shopt -s nullglob
modules=(/usr/lib/*/vips-modules-*/*.so)
for program in "$@" "${modules[@]}"; do
  case "$program" in /*) ;; *) echo "runtime-files.sh: $program: give absolute paths" >&2; exit 2 ;; esac
  [ -e "$program" ] || continue
  copy "$program"
  for library in $(libraries_of "$program"); do
    # Already in debian:12-slim (glibc, libgcc, libstdc++, zlib): nothing to add.
    case "$(basename "$library")" in
      libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|ld-linux-*|libgcc_s.so.*|libstdc++.so.*|libz.so.*) continue ;;
    esac
    copy "$library"
  done
done

# Data the libraries read, links kept as links: libmagic's file types (it opens
# /usr/share/misc/magic.mgc), ImageMagick's and fontconfig's configuration, the CA bundle for
# HTTPS to S3 and feeds.
for data in /usr/lib/file/magic.mgc /usr/share/misc/magic.mgc /etc/ImageMagick-6 /etc/fonts \
  /usr/share/fontconfig /etc/ssl/certs/ca-certificates.crt; do
  if [ -e "$data" ]; then
    mkdir -p "$dest$(dirname "$data")"
    cp -a "$data" "$dest$(dirname "$data")/"
  fi
done
