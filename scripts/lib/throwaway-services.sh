# Sourced by scripts/test and the scale-out benchmarks: starts a throwaway PostgreSQL and Redis
# on free ports under $tmp (never the system ones on 5432/6379) and exports their URLs as
# VIZORA_TEST_POSTGRES_URL and VIZORA_TEST_REDIS_URL. The caller owns $tmp and must kill the
# processes listed in $service_pids when it is done (see stop_throwaway_services).
pgbin=/usr/lib/postgresql/15/bin
service_pids=()

# A port nothing listens on, below the ephemeral range (32768+) so clients never take it.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

start_throwaway_services() {
  # PostgreSQL refuses to run as root: run it as the postgres user then.
  local as_pg=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$tmp"
    as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups)
  fi
  local pg_port redis_port
  pg_port=$(free_port)
  "${as_pg[@]}" "$pgbin/initdb" -D "$tmp/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$tmp/initdb.log" 2>&1 || { cat "$tmp/initdb.log"; return 1; }
  "${as_pg[@]}" "$pgbin/postgres" -D "$tmp/pg" -p "$pg_port" -k "$tmp" \
    -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
    -c full_page_writes=off -c max_connections=300 >"$tmp/postgres.log" 2>&1 &
  service_pids+=($!)
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
    --daemonize no --dir "$tmp" >"$tmp/redis.log" 2>&1 &
  service_pids+=($!)
  for _ in $(seq 1 200); do
    "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" && break
    sleep 0.05
  done
  "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" || { cat "$tmp/postgres.log"; return 1; }
  for _ in $(seq 1 200); do
    redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
    sleep 0.05
  done
  export VIZORA_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$pg_port/postgres"
  export VIZORA_TEST_REDIS_URL="redis://127.0.0.1:$redis_port"
}

stop_throwaway_services() {
  # SIGINT: PostgreSQL's fast shutdown, which disconnects clients (SIGTERM would wait for a
  # server a crashed test left behind, forever). Redis takes SIGINT as SIGTERM.
  for pid in "${service_pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${service_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}

# A throwaway S3 server: Ceph's RADOS Gateway on a one-node cluster (a monitor and one OSD
# keeping objects in memory, cephx on) under $tmp/ceph, about 190 MB of RSS, ready in ~12 s.
# Exports VIZORA_TEST_S3_URL (bucket "throwaway-media", created) and its keys as
# VIZORA_TEST_S3_ACCESS_KEY / VIZORA_TEST_S3_SECRET_KEY. Needs radosgw, ceph-mon, ceph-osd
# and s3cmd (scripts/install-deps).
start_throwaway_s3() {
  local d="$tmp/ceph" mon_port rgw_port fsid bucket=throwaway-media
  mkdir -p "$d/mon" "$d/osd" "$d/run"
  mon_port=$(free_port)
  rgw_port=$(free_port)
  fsid=$(cat /proc/sys/kernel/random/uuid)
  cat >"$d/ceph.conf" <<CONF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
keyring = $d/keyring
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = 2147483648
run dir = $d/run
admin socket = $d/run/\$name.asok
log file = $d/\$name.log
pid file = $d/run/\$name.pid
ms bind ipv6 = false
[mon.a]
mon data = $d/mon
[osd.0]
osd data = $d/osd
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
CONF
  local conf=(-c "$d/ceph.conf")
  {
    ceph-authtool --create-keyring "$d/keyring" --gen-key -n mon. --cap mon 'allow *'
    ceph-authtool "$d/keyring" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *'
    ceph-authtool "$d/keyring" --gen-key -n client.rgw --cap mon 'allow rw' --cap osd 'allow rwx'
    ceph-authtool "$d/keyring" --gen-key -n osd.0 --cap mon 'allow profile osd' \
      --cap osd 'allow *'
    monmaptool --create --addv a "[v2:127.0.0.1:$mon_port]" --fsid "$fsid" "$d/monmap"
    ceph-mon "${conf[@]}" --mkfs -i a --monmap "$d/monmap" --keyring "$d/keyring"
  } >"$d/setup.log" 2>&1 || { cat "$d/setup.log"; return 1; }
  ceph-mon "${conf[@]}" -f -i a >>"$d/setup.log" 2>&1 &
  service_pids+=($!)
  {
    timeout 30 ceph "${conf[@]}" osd create
    ceph-osd "${conf[@]}" -i 0 --mkfs
    timeout 30 ceph "${conf[@]}" osd crush add osd.0 1 root=default host=localhost
  } >>"$d/setup.log" 2>&1 || { cat "$d/setup.log"; return 1; }
  ceph-osd "${conf[@]}" -f -i 0 >>"$d/setup.log" 2>&1 &
  service_pids+=($!)
  radosgw "${conf[@]}" -f -n client.rgw >>"$d/setup.log" 2>&1 &
  service_pids+=($!)
  for _ in $(seq 1 600); do
    curl -fs -o /dev/null "http://127.0.0.1:$rgw_port/" && break
    sleep 0.1
  done
  export VIZORA_TEST_S3_ACCESS_KEY="test-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export VIZORA_TEST_S3_SECRET_KEY="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
  timeout 60 radosgw-admin "${conf[@]}" user create --uid vizora-test --display-name "Vizora tests" \
    --access-key "$VIZORA_TEST_S3_ACCESS_KEY" --secret "$VIZORA_TEST_S3_SECRET_KEY" \
    >>"$d/setup.log" 2>&1 || { cat "$d/setup.log"; return 1; }
  export VIZORA_TEST_S3_ENDPOINT="http://127.0.0.1:$rgw_port"
  s3cmd_test mb "s3://$bucket" >>"$d/setup.log" 2>&1 || { cat "$d/setup.log"; return 1; }
  export VIZORA_TEST_S3_URL="s3://$bucket?endpoint=$VIZORA_TEST_S3_ENDPOINT&region=us-east-1"
}

# s3cmd against the throwaway S3 server: an independent client to check what we stored.
s3cmd_test() {
  local hostport="${VIZORA_TEST_S3_ENDPOINT#http://}"
  s3cmd --access_key="$VIZORA_TEST_S3_ACCESS_KEY" --secret_key="$VIZORA_TEST_S3_SECRET_KEY" \
    --host="$hostport" --host-bucket="$hostport" --no-ssl "$@"
}
