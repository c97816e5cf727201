#!/usr/bin/env bash
# Builds Debian bookworm base images without pulling from any registry:
# debootstrap a minimal root filesystem from the Debian mirror apt already
# uses, then `docker import` it. Skips an image that already exists, so it is
# cheap to call before every test run.
#
#   scripts/docker-base.sh            # roster-base:bookworm (minbase + CA certificates),
#                                     #   the BASE_IMAGE the tests build the Dockerfile on
#   scripts/docker-base.sh systemd    # roster-systemd:bookworm (+ systemd as PID 1, and
#                                     #   procps for the unit's /bin/kill, as on any
#                                     #   installed Debian), for scripts/test-systemd.sh
#   scripts/docker-base.sh all        # both
#
# Prints the name of each image on stdout (logs go to stderr).
# Environment: ROSTER_DEBIAN_MIRROR overrides the mirror (default: the first
# Debian mirror in /etc/apt/sources.list*), ROSTER_BASE_IMAGE /
# ROSTER_SYSTEMD_IMAGE the image names, ROSTER_BASE_REBUILD=1 rebuilds them.
set -euo pipefail

base_image="${ROSTER_BASE_IMAGE:-roster-base:bookworm}"
systemd_image="${ROSTER_SYSTEMD_IMAGE:-roster-systemd:bookworm}"
suite=bookworm

log() { echo "docker-base: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# The mirror apt already reaches: a machine that cannot pull images usually
# still has its Debian mirror (or a proxy of it) configured.
debian_mirror() {
  if [ -n "${ROSTER_DEBIAN_MIRROR:-}" ]; then
    echo "$ROSTER_DEBIAN_MIRROR"
    return
  fi
  local files=() mirror
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && files+=("$f")
  done
  # One-line style (`deb URL bookworm main`) and deb822 style (`URIs: URL`);
  # the security archive has other suites, so it is skipped.
  mirror=$(
    {
      grep -hE '^[[:space:]]*deb[[:space:]]' "${files[@]}" 2>/dev/null |
        sed -E 's/\[[^]]*\]//' | awk '{print $2}'
      grep -hE '^[[:space:]]*URIs:' "${files[@]}" 2>/dev/null | awk '{print $2}'
    } | grep -E '/debian/?$' | grep -v -- '-security' | head -n1
  )
  echo "${mirror:-http://deb.debian.org/debian}"
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# build_image NAME INCLUDES: debootstrap + import, unless NAME exists.
build_image() {
  local name="$1" include="$2"
  if image_exists "$name" && [ "${ROSTER_BASE_REBUILD:-0}" != 1 ]; then
    log "$name exists, skipping"
    echo "$name"
    return
  fi
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  [ "$(id -u)" -eq 0 ] || die "debootstrap needs root"
  local mirror rootfs start
  mirror=$(debian_mirror)
  rootfs=$(mktemp -d /tmp/roster-rootfs.XXXXXX)
  # Everything below deletes under "$rootfs": never let that be the host's /.
  case "$rootfs" in /tmp/roster-rootfs.?*) ;; *) die "bad root filesystem path '$rootfs'" ;; esac
  cleanup+=("$rootfs" "$rootfs.log")
  start=$(date +%s)
  log "debootstrap --variant=minbase $suite from $mirror (include: $include)"
  if ! debootstrap --variant=minbase --include="$include" "$suite" "$rootfs" "$mirror" \
      >"$rootfs.log" 2>&1; then
    tail -n 30 "$rootfs.log" >&2
    rm -f "$rootfs.log"
    die "debootstrap failed"
  fi
  rm -f "$rootfs.log"
  # What only served the bootstrap: downloaded packages, package lists (an
  # image's apt must `apt-get update` anyway), logs.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/var/log/* "$rootfs"/tmp/* "$rootfs"/var/tmp/*
  # Documentation, manual pages and translations, as Debian's -slim images
  # leave them out (copyright files stay); dpkg keeps them out of packages
  # installed later too.
  printf 'path-exclude %s\n' /usr/share/doc/\* /usr/share/man/\* /usr/share/info/\* \
    /usr/share/groff/\* /usr/share/linda/\* /usr/share/lintian/overrides/\* \
    /usr/share/locale/\* >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim"
  printf 'path-include /usr/share/doc/*/copyright\n' >>"$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim"
  find "$rootfs/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  local d
  for d in man info groff linda lintian/overrides locale; do
    [ ! -d "$rootfs/usr/share/$d" ] || find "$rootfs/usr/share/$d" -mindepth 1 -delete
  done
  # debootstrap copies the host's resolver settings; docker provides its own.
  : >"$rootfs/etc/resolv.conf"
  # The machine's identity is created by systemd at first boot, per container.
  [ -f "$rootfs/etc/machine-id" ] && : >"$rootfs/etc/machine-id"
  local changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
  if [ "$name" = "$systemd_image" ]; then
    # (docker import takes no STOPSIGNAL: run it with --stop-signal=SIGRTMIN+3.)
    changes+=(--change 'CMD ["/sbin/init"]')
  else
    changes+=(--change 'CMD ["/bin/bash"]')
  fi
  tar --numeric-owner -C "$rootfs" -c . | docker import "${changes[@]}" - "$name" >/dev/null
  rm -rf "$rootfs"
  log "$name built in $(($(date +%s) - start)) s"
  echo "$name"
}

# Root filesystems hold device nodes and root-owned files: removed whatever
# happens.
cleanup=()
trap 'for d in "${cleanup[@]}"; do rm -rf "$d"; done' EXIT

command -v docker >/dev/null || die "docker is not installed"
docker info >/dev/null 2>&1 || die "docker is not usable (is the daemon running, may this user use it?)"

case "${1:-base}" in
  base) build_image "$base_image" ca-certificates ;;
  systemd) build_image "$systemd_image" ca-certificates,systemd,systemd-sysv,dbus,procps ;;
  all)
    build_image "$base_image" ca-certificates
    build_image "$systemd_image" ca-certificates,systemd,systemd-sysv,dbus,procps
    ;;
  *) die "usage: $0 [base|systemd|all]" ;;
esac
