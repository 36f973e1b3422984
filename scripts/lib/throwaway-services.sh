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
