#!/bin/sh
# A private Docker engine for the container tests (Debian's docker.io: dockerd, containerd, runc),
# started as root with everything under DIR: data root, exec root (its own containerd), socket,
# pid file and log, and its own bridge so that it never touches a system engine's docker0.
#
#   scripts/dockerd-test.sh start DIR   prints the DOCKER_HOST to use (unix://DIR/docker.sock)
#   scripts/dockerd-test.sh stop DIR    stops it, removes its bridge and DIR
#
# Flags, and why: --iptables=false and --ip-masq=false leave the host's firewall alone (published
# ports still work through docker-proxy on 127.0.0.1); --storage-driver=vfs needs no overlay mounts
# (the test image is ~18 MB, so copying it per container costs little). The client is
# KEYSPACE_DOCKER, default /usr/bin/docker (Debian's, the engine's own version).
set -eu
cmd="${1:?start or stop}"
dir="${2:?a directory for the engine}"
docker="${KEYSPACE_DOCKER:-/usr/bin/docker}"
# One bridge per DIR: a name (at most 15 characters) and a /24 in 10.213.0.0/16 from DIR's checksum.
sum="$(printf '%s' "$dir" | cksum | cut -d' ' -f1)"
bridge="kwd$((sum % 100000))"
subnet="10.213.$((sum % 250 + 1))"

case "$cmd" in
start)
  command -v dockerd >/dev/null || { echo "dockerd is not installed (apt-get install docker.io)" >&2; exit 3; }
  [ "$(id -u)" -eq 0 ] || { echo "dockerd needs root here" >&2; exit 3; }
  mkdir -p "$dir"
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    ip link add "$bridge" type bridge
    ip addr add "$subnet.1/24" dev "$bridge"
    ip link set "$bridge" up
  fi
  setsid dockerd --data-root "$dir/data" --exec-root "$dir/exec" -H "unix://$dir/docker.sock" \
    --pidfile "$dir/dockerd.pid" --bridge "$bridge" --iptables=false --ip-masq=false --storage-driver=vfs \
    </dev/null >"$dir/dockerd.log" 2>&1 &
  tries=0
  until DOCKER_HOST="unix://$dir/docker.sock" "$docker" version >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -gt 150 ] || ! kill -0 $! 2>/dev/null; then
      echo "dockerd did not start; the end of $dir/dockerd.log:" >&2
      tail -n 5 "$dir/dockerd.log" >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "unix://$dir/docker.sock"
  ;;
stop)
  if [ -f "$dir/dockerd.pid" ]; then
    pid="$(cat "$dir/dockerd.pid")"
    DOCKER_HOST="unix://$dir/docker.sock" "$docker" ps -aq | xargs -r env DOCKER_HOST="unix://$dir/docker.sock" "$docker" rm -f >/dev/null 2>&1 || true
    kill "$pid" 2>/dev/null || true
    tries=0
    while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 100 ]; do tries=$((tries + 1)); sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  ip link del "$bridge" 2>/dev/null || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2
  exit 2
  ;;
esac
