#!/bin/sh
# Builds a local stand-in for the official `redis:7` image from this machine's Debian redis-server
# (no registry is reachable here): the binary and the libraries `ldd` lists, a shell for the
# entrypoint, a `redis` user and /data. It behaves like the official image for what the container
# engine relies on: `docker run IMAGE redis-server --maxmemory 64mb …`, port 6379 (EXPOSE), the
# server runs as `redis` in /data, and the entrypoint adds `--protected-mode no` unless a config file
# given first sets protected-mode (the official docker-entrypoint.sh does the same).
#
# Usage: scripts/docker-test-image.sh [IMAGE]   (default keyspace-test/redis:7; DOCKER_HOST and
# KEYSPACE_DOCKER, default /usr/bin/docker, choose the engine and the client). Prints the image name.
set -eu
image="${1:-keyspace-test/redis:7}"
docker="${KEYSPACE_DOCKER:-/usr/bin/docker}"
server="$(readlink -f "$(command -v redis-server)")"
shell="$(readlink -f /bin/sh)"
root="$(mktemp -d)"
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT

mkdir -p "$root/usr/local/bin" "$root/bin" "$root/etc" "$root/data" "$root/tmp"
chmod 1777 "$root/tmp"
cp "$server" "$root/usr/local/bin/redis-server"
cp "$shell" "$root/bin/sh"
# Every library either binary loads, at the path ldd resolved (and the loader at its own).
for lib in $( (ldd "$server"; ldd "$shell") | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\//) print $i }' | sort -u); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
printf 'root:x:0:0:root:/root:/bin/sh\nredis:x:999:999::/data:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nredis:x:999:\n' > "$root/etc/group"
cat > "$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
# As the official image: a first argument that is an option or a .conf file means redis-server.
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
  set -- redis-server "$@"
fi
if [ "$1" = 'redis-server' ]; then
  # Protected mode off unless a config file given first sets it: the port is published on purpose.
  doProtectedMode=1
  configFile=
  if [ -f "${2:-}" ]; then
    configFile="$2"
    while IFS= read -r line; do
      case "$line" in protected-mode*) doProtectedMode= ;; esac
    done < "$configFile"
  fi
  if [ -n "$doProtectedMode" ]; then
    shift
    if [ -n "$configFile" ]; then shift; fi
    set -- --protected-mode no "$@"
    if [ -n "$configFile" ]; then set -- "$configFile" "$@"; fi
    set -- redis-server "$@"
  fi
fi
exec "$@"
EOF
chmod 755 "$root/usr/local/bin/docker-entrypoint.sh"

# /data belongs to redis (uid 999), the rest to root (dockerd runs as root, and so does this script).
chown -R 0:0 "$root"
chown 999:999 "$root/data"
tar -C "$root" --numeric-owner -cf - . | "$docker" import \
  --change 'ENTRYPOINT ["docker-entrypoint.sh"]' --change 'CMD ["redis-server"]' \
  --change 'EXPOSE 6379' --change 'WORKDIR /data' --change 'USER redis' \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --message "redis-server $("$server" --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') from $server" - "$image" >/dev/null
echo "$image"
