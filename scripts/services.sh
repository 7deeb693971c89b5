#!/usr/bin/env bash
# ./fleet services: RabbitMQ, PostgreSQL, an S3 server (s3rver) and an SQS server (local-aws-sqs) on 127.0.0.1, for a
# fleet on one machine and for the integration tests. No systemd, no Docker: each server runs as a plain process with its data under one folder.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: ./fleet services COMMAND [NAME...]

  up [NAME...]      install what is missing, start what is not running, wait until each answers
  down [NAME...]    stop what up started and wait until it is gone
  restart NAME...   stop and start again (NAME: rabbitmq, postgres, s3, sqs)
  status            one line per service; exit 0 when all are up, 3 otherwise
  env               export lines that point Fleet (and AWS SDK conventions) at the services:
                      eval "$(./fleet services env)"

Services (all on 127.0.0.1; credentials fleet/fleet, S3 keys S3RVER/S3RVER):
  rabbitmq   AMQP 5672, management 15672, prometheus 15692   (FLEET_RABBITMQ_PORT, FLEET_RABBITMQ_MANAGEMENT_PORT,
                                                               FLEET_RABBITMQ_PROMETHEUS_PORT)
  postgres   5433, database fleet                             (FLEET_POSTGRES_PORT)
  s3         s3rver on 4568, path-style                       (FLEET_S3_PORT)
             with the bucket fleet-uploads (the api's default Fleet__Api__UploadBucket, which its readiness checks)
  sqs        local-aws-sqs on 9324, queue fleet-drop           (FLEET_SQS_PORT; in memory: a restart empties it)
             with its dead-letter queue fleet-drop-dlq (after 5 receives), for the bucket drop (serve --role ingest)

Data, logs and pid files live in .fleet/services/ in the repository (FLEET_SERVICES_DIR moves them). The ports up
used are kept there until a full down, so status, env and restart agree with it.
EOF
}

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${FLEET_SERVICES_DIR:-$repo/.fleet/services}"
node_dir="$repo/scripts/services"
all_services=(rabbitmq postgres s3 sqs)
sqs_queue=fleet-drop

say() { echo "fleet services: $*" >&2; }
die() { say "$*"; exit 1; }

# --- settings: explicit environment > what up recorded > defaults ----------------------------------------------------
port_keys=(RABBITMQ_PORT RABBITMQ_MANAGEMENT_PORT RABBITMQ_PROMETHEUS_PORT POSTGRES_PORT S3_PORT SQS_PORT)
declare -A port=([RABBITMQ_PORT]=5672 [RABBITMQ_MANAGEMENT_PORT]=15672 [RABBITMQ_PROMETHEUS_PORT]=15692
                 [POSTGRES_PORT]=5433 [S3_PORT]=4568 [SQS_PORT]=9324)
declare -A recorded=()
load_settings() {
  local key value
  if [[ -f "$data/ports" ]]; then
    while IFS='=' read -r key value; do
      [[ -n "$key" && -n "${port[$key]+set}" ]] && recorded[$key]="$value"
    done < "$data/ports"
  fi
  for key in "${port_keys[@]}"; do
    local from_env="FLEET_$key"
    value="${!from_env:-${recorded[$key]:-${port[$key]}}}"
    [[ "$value" =~ ^[0-9]+$ ]] || die "$from_env=$value is not a port number"
    port[$key]="$value"
  done
}
save_settings() {
  local key
  for key in "${port_keys[@]}"; do echo "$key=${port[$key]}"; done > "$data/ports"
}

env_lines() {
  # The local SQS server answers a long poll only once it has 10 messages or the wait is over (AWS answers as soon as
  # one is there): short polls keep the bucket drop's windows on time.
  cat <<EOF
export Fleet__Bus__Transport=RabbitMq
export Fleet__Bus__RabbitMq__Host=127.0.0.1
export Fleet__Bus__RabbitMq__Port=${port[RABBITMQ_PORT]}
export Fleet__Bus__RabbitMq__VirtualHost=/
export Fleet__Bus__RabbitMq__Username=fleet
export Fleet__Bus__RabbitMq__Password=fleet
export Fleet__Bus__RabbitMq__ManagementUrl=http://127.0.0.1:${port[RABBITMQ_MANAGEMENT_PORT]}
export Fleet__Database__Kind=Postgres
export Fleet__Database__ConnectionString='Host=127.0.0.1;Port=${port[POSTGRES_PORT]};Username=fleet;Password=fleet;Database=fleet'
export Fleet__Storage__Kind=S3
export Fleet__Storage__S3__ServiceUrl=http://127.0.0.1:${port[S3_PORT]}
export Fleet__Storage__S3__ForcePathStyle=true
export AWS_ENDPOINT_URL=http://127.0.0.1:${port[S3_PORT]}
export AWS_ACCESS_KEY_ID=S3RVER
export AWS_SECRET_ACCESS_KEY=S3RVER
export AWS_REGION=us-east-1
export AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL_SQS=http://127.0.0.1:${port[SQS_PORT]}
export Fleet__BucketDrop__Sqs__ServiceUrl=http://127.0.0.1:${port[SQS_PORT]}
export Fleet__BucketDrop__Sqs__QueueUrl=http://127.0.0.1:${port[SQS_PORT]}/123456789012/$sqs_queue
export Fleet__BucketDrop__Sqs__WaitTimeSeconds=2
EOF
}

# --- small probes -----------------------------------------------------------------------------------------------------
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_code() { curl -s -o /dev/null -m 3 -w '%{http_code}' "$@" 2>/dev/null || true; }
# A zombie counts as gone: whoever adopted the server (pid 1 in a container) may take a while to reap it.
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]]
}
# The pid is ours only while it is alive and its command line names our data folder (pids get reused).
# (No pipe into grep -q here: under pipefail the writer's SIGPIPE would make a match look like a failure.)
pid_runs() {
  pid_alive "$1" || return 1
  local text
  text="$(tr '\0' ' ' < "/proc/$1/${3:-cmdline}" 2>/dev/null)" || return 1
  [[ "$text" == *"$2"* ]]
}
first_line() { if [[ -f "$1" ]]; then head -n 1 "$1" 2>/dev/null || true; fi; }
show_log() {
  local file
  for file in "$@"; do
    [[ -s "$file" ]] || continue
    echo "---- last lines of $file" >&2
    tail -n 25 "$file" >&2
  done
}

# --- installation -----------------------------------------------------------------------------------------------------
pg_bin=""
find_pg_bin() {
  local dir
  dir="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -name initdb -path '*/bin/*' 2>/dev/null | sort -V | tail -n 1 || true)"
  pg_bin="${dir%/initdb}"
}
rabbit_bin=/usr/lib/rabbitmq/bin

install_packages() {
  local missing=()
  [[ -x "$rabbit_bin/rabbitmq-server" ]] || missing+=(rabbitmq-server)
  find_pg_bin
  [[ -n "$pg_bin" ]] || missing+=(postgresql)
  command -v curl >/dev/null || missing+=(curl)
  command -v npm >/dev/null || missing+=(npm)
  if ((${#missing[@]})); then
    [[ $(id -u) -eq 0 ]] || die "missing ${missing[*]}: install them (sudo apt-get install ${missing[*]}) or run up as root"
    say "installing ${missing[*]} (apt)"
    # Debian starts a packaged daemon on install (an init script, or systemd), which would hold our ports with its own
    # data: a policy-rc.d that answers 101 forbids that for the time of this install.
    local policy=/usr/sbin/policy-rc.d own_policy=""
    if [[ ! -e "$policy" ]]; then
      printf '#!/bin/sh\n# ./fleet services up: no daemon starts while it installs packages\nexit 101\n' > "$policy"
      chmod 755 "$policy"
      own_policy=1
      trap 'rm -f /usr/sbin/policy-rc.d' EXIT   # also when the install fails or is interrupted
    fi
    local rc=0
    # apt-get update only when the package lists do not know a missing package yet (a new machine).
    local package known=1
    for package in "${missing[@]}"; do
      [[ "$(apt-cache policy "$package" 2>/dev/null)" == *"Candidate: "[0-9]* ]] || known=""
    done
    {
      { [[ -n "$known" ]] || apt-get update -qq -o DPkg::Lock::Timeout=600; } &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
          -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}"
    } > "$data/install.log" 2>&1 < /dev/null || rc=$?
    if [[ -n "$own_policy" ]]; then rm -f "$policy"; trap - EXIT; fi
    if ((rc)); then show_log "$data/install.log"; die "apt-get install ${missing[*]} failed"; fi
    if [[ -z "$own_policy" ]]; then
      # Someone else's policy was in place: it may have let the daemons just installed start. Stop those copies.
      for package in "${missing[@]}"; do
        case "$package" in rabbitmq-server | postgresql) invoke-rc.d "$package" stop > /dev/null 2>&1 || true ;; esac
      done
    fi
    find_pg_bin
  fi
  [[ -n "$pg_bin" ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql"
}

install_node_servers() {
  # npm ci is skipped while node_modules matches the committed lock file.
  if [[ -f "$node_dir/node_modules/s3rver/package.json" && -f "$node_dir/node_modules/local-aws-sqs/package.json" &&
        "$node_dir/node_modules/.package-lock.json" -nt "$node_dir/package-lock.json" ]]; then
    return
  fi
  say "installing s3rver and local-aws-sqs (npm ci in scripts/services)"
  if ! (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error) > "$data/npm.log" 2>&1 < /dev/null; then
    show_log "$data/npm.log"
    die "npm ci in scripts/services failed"
  fi
}

# --- RabbitMQ ---------------------------------------------------------------------------------------------------------
rmq="$data/rabbitmq"
# One node name per AMQP port: two brokers on one machine (another checkout, other ports) must not share a name.
rabbit_node=""
rabbit_env() {
  # Its own config, plugins, database, logs and Erlang cookie (HOME), so it neither reads nor disturbs a packaged node.
  env HOME="$rmq/home" \
    RABBITMQ_NODENAME="$rabbit_node" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="${port[RABBITMQ_PORT]}" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_CONF_ENV_FILE="$rmq/rabbitmq-env.conf" RABBITMQ_CONFIG_FILE="$rmq/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$rmq/advanced.config" RABBITMQ_ENABLED_PLUGINS_FILE="$rmq/enabled_plugins" \
    RABBITMQ_MNESIA_BASE="$rmq/mnesia" RABBITMQ_LOG_BASE="$rmq/log" RABBITMQ_PID_FILE="$rmq/rabbitmq.pid" \
    ERL_CRASH_DUMP="$rmq/log/erl_crash.dump" \
    "$@"
}
rabbit_pid() {
  # The broker's own pid file names the Erlang VM; before it exists (early boot) the launcher script stands for it.
  local pid
  pid="$(first_line "$rmq/rabbitmq.pid")"
  if pid_runs "$pid" "-home $rmq/home "; then echo "$pid"; return; fi
  pid="$(first_line "$rmq/launcher.pid")"
  if pid_runs "$pid" "RABBITMQ_MNESIA_BASE=$rmq/mnesia " environ; then echo "$pid"; fi
}
amqp_answers() {
  # A broker answers the AMQP 0-9-1 protocol header with a Connection.Start method frame (frame type 1, channel 0).
  local reply
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash, which gets the port as its argument
  reply="$(timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"; printf "AMQP\x00\x00\x09\x01" >&3; head -c 3 <&3 | od -An -tx1' _ "$1" 2>/dev/null)" || return 1
  [[ "$(tr -d ' \n' <<<"$reply")" == 010000 ]]
}
rabbitmq_ready() {
  amqp_answers "${port[RABBITMQ_PORT]}" &&
    [[ "$(http_code -u fleet:fleet "http://127.0.0.1:${port[RABBITMQ_MANAGEMENT_PORT]}/api/whoami")" == 200 ]]
}
rabbitmq_ports() { echo "${port[RABBITMQ_PORT]} ${port[RABBITMQ_MANAGEMENT_PORT]} ${port[RABBITMQ_PROMETHEUS_PORT]}"; }
rabbitmq_describe() {
  echo "amqp 127.0.0.1:${port[RABBITMQ_PORT]}  management :${port[RABBITMQ_MANAGEMENT_PORT]}  prometheus :${port[RABBITMQ_PROMETHEUS_PORT]}"
}
rabbitmq_launch() {
  mkdir -p "$rmq/home" "$rmq/log" "$rmq/mnesia"
  : > "$rmq/rabbitmq-env.conf"
  cat > "$rmq/rabbitmq.conf" <<EOF
# written by ./fleet services up
management.tcp.ip = 127.0.0.1
management.tcp.port = ${port[RABBITMQ_MANAGEMENT_PORT]}
prometheus.tcp.ip = 127.0.0.1
prometheus.tcp.port = ${port[RABBITMQ_PROMETHEUS_PORT]}
EOF
  if [[ ! -s "$rmq/enabled_plugins" ]]; then
    if ! rabbit_env "$rabbit_bin/rabbitmq-plugins" enable --offline rabbitmq_management rabbitmq_prometheus \
         > "$rmq/log/plugins.log" 2>&1 < /dev/null 9>&-; then
      show_log "$rmq/log/plugins.log"
      die "rabbitmq: could not enable the management and prometheus plugins"
    fi
  fi
  rm -f "$rmq/rabbitmq.pid"
  rabbit_env setsid "$rabbit_bin/rabbitmq-server" >> "$rmq/log/startup.log" 2>&1 < /dev/null 9>&- &
  echo $! > "$rmq/launcher.pid"
  # Until env has exec'd, the child still carries this shell's environment, which rabbit_pid would not recognise.
  local tries=0
  until [[ -n "$(rabbit_pid)" ]] || ((++tries > 50)); do sleep 0.05; done
}
rabbitmq_await() {
  local deadline=$((SECONDS + 120)) api="http://127.0.0.1:${port[RABBITMQ_MANAGEMENT_PORT]}/api"
  until rabbitmq_ready; do
    if [[ -z "$(rabbit_pid)" ]]; then
      show_log "$rmq/log/startup.log" "$rmq/log/$rabbit_node.log"
      die "rabbitmq: the server stopped while starting (logs in $rmq/log)"
    fi
    if [[ "$(http_code -u fleet:fleet "$api/whoami")" == 401 ]]; then
      # A new database has only the loopback-only guest user: it creates fleet as an administrator on '/'.
      if ! curl -sf -m 10 -u guest:guest -X PUT -H 'content-type: application/json' \
             -d '{"password":"fleet","tags":"administrator"}' "$api/users/fleet" > /dev/null ||
         ! curl -sf -m 10 -u guest:guest -X PUT -H 'content-type: application/json' \
             -d '{"configure":".*","write":".*","read":".*"}' "$api/permissions/%2F/fleet" > /dev/null; then
        die "rabbitmq: could not create the user fleet through the management API"
      fi
      continue
    fi
    if ((SECONDS >= deadline)); then
      show_log "$rmq/log/startup.log" "$rmq/log/$rabbit_node.log"
      die "rabbitmq: not answering after 120 s (logs in $rmq/log)"
    fi
    sleep 0.5
  done
}
rabbitmq_stop() {
  local pid
  pid="$(rabbit_pid)"
  [[ -n "$pid" ]] || return 0
  # The broker shuts down in order on SIGTERM, as rabbitmqctl stop would, without starting a second Erlang VM.
  kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid" 60 rabbitmq
  local launcher
  launcher="$(first_line "$rmq/launcher.pid")"
  pid_alive "$launcher" && wait_gone "$launcher" 10 rabbitmq
  rm -f "$rmq/rabbitmq.pid" "$rmq/launcher.pid"
  # epmd (the Erlang port mapper) outlives the node it served; stop it when no node uses it any more.
  local epmd
  epmd="$(command -v epmd || find /usr/lib/erlang -name epmd -type f -print -quit 2>/dev/null || true)"
  if [[ -n "$epmd" ]]; then
    local names
    names="$(ERL_EPMD_ADDRESS=127.0.0.1 "$epmd" -names 2>/dev/null || true)"
    if [[ "$names" != *$'\nname '* ]]; then ERL_EPMD_ADDRESS=127.0.0.1 "$epmd" -kill > /dev/null 2>&1 || true; fi
  fi
}

# --- PostgreSQL -------------------------------------------------------------------------------------------------------
pg=""        # the cluster's folder (data/, socket/, postgres.log), owned by the user the server runs as
pg_root_for() {
  # As root the server runs as the postgres OS user, which must reach the folder: a repository under a private home
  # (e.g. /root) is out of its reach, so the cluster then lives under /var/lib/postgresql, linked from the data folder.
  pg="$data/postgres"
  if [[ $(id -u) -ne 0 ]]; then mkdir -p "$pg"; return 0; fi
  if [[ -L "$pg" ]]; then pg="$(readlink "$pg")"; return 0; fi
  mkdir -p "$pg"
  chown postgres:postgres "$pg"
  if ! runuser -u postgres -- test -w "$pg" 2>/dev/null; then
    rmdir "$pg" 2>/dev/null || true
    local hashed
    hashed="$(printf '%s' "$data" | sha256sum | cut -c1-16)"
    local elsewhere="/var/lib/postgresql/fleet-services/$hashed"
    mkdir -p "$elsewhere"
    chown postgres:postgres "$elsewhere" "$(dirname "$elsewhere")"
    ln -sfn "$elsewhere" "$data/postgres"
    pg="$elsewhere"
  fi
}
pg_socket() {
  # A unix socket path has at most 107 bytes: a deep checkout puts the socket under /tmp instead.
  if ((${#pg} <= 80)); then echo "$pg/socket"; else echo "/tmp/fleet-pg-$(printf '%s' "$pg" | sha256sum | cut -c1-12)"; fi
}
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else (cd / && "$@"); fi
}
pg_pid() { local pid; pid="$(first_line "$pg/data/postmaster.pid")"; if pid_runs "$pid" "$pg/data"; then echo "$pid"; fi; }
postgres_ready() {
  "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "${port[POSTGRES_PORT]}" -t 3 2>/dev/null &&
    [[ "$(PGPASSWORD=fleet PGCONNECT_TIMEOUT=3 "$pg_bin/psql" -h 127.0.0.1 -p "${port[POSTGRES_PORT]}" -U fleet -d fleet \
          -Atqc 'select 1' 2>/dev/null)" == 1 ]]
}
postgres_ports() { echo "${port[POSTGRES_PORT]}"; }
postgres_describe() { echo "127.0.0.1:${port[POSTGRES_PORT]}  database fleet"; }
postgres_launch() {
  if [[ ! -f "$pg/data/PG_VERSION" ]]; then
    rm -rf "${pg:?}/data"
    if ! as_pg "$pg_bin/initdb" -D "$pg/data" -U postgres -E UTF8 --locale=C --auth-local=trust \
         --auth-host=scram-sha-256 > "$pg/initdb.log" 2>&1 < /dev/null; then
      show_log "$pg/initdb.log"
      die "postgres: initdb failed"
    fi
    # A development and test database: durability is traded for speed (a machine crash may lose the cluster).
    cat >> "$pg/data/postgresql.conf" <<'EOF'

# ./fleet services
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
  fi
  as_pg mkdir -p "$(pg_socket)"
  # -w: pg_ctl returns once the server accepts connections (or has failed).
  if ! as_pg "$pg_bin/pg_ctl" -D "$pg/data" -l "$pg/postgres.log" -w -t 60 \
       -o "-c listen_addresses=127.0.0.1 -p ${port[POSTGRES_PORT]} -k '$(pg_socket)'" start > "$pg/pg_ctl.log" 2>&1 < /dev/null 9>&-; then
    show_log "$pg/pg_ctl.log" "$pg/postgres.log"
    die "postgres: the server did not start (log in $pg/postgres.log)"
  fi
  as_pg "$pg_bin/psql" -h "$(pg_socket)" -p "${port[POSTGRES_PORT]}" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq \
    > "$pg/roles.log" 2>&1 <<'SQL' || { show_log "$pg/roles.log"; die "postgres: could not create the role and database fleet"; }
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fleet') THEN
    CREATE ROLE fleet LOGIN CREATEDB PASSWORD 'fleet';
  END IF;
END $$;
SELECT 'CREATE DATABASE fleet OWNER fleet' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'fleet') \gexec
SQL
}
postgres_await() {
  local deadline=$((SECONDS + 30))
  until postgres_ready; do
    [[ -n "$(pg_pid)" ]] || { show_log "$pg/postgres.log"; die "postgres: the server stopped while starting"; }
    ((SECONDS < deadline)) || { show_log "$pg/postgres.log"; die "postgres: not answering as fleet after 30 s"; }
    sleep 0.2
  done
}
postgres_stop() {
  local pid
  pid="$(pg_pid)"
  [[ -n "$pid" ]] || return 0
  as_pg "$pg_bin/pg_ctl" -D "$pg/data" -m fast -w -t 60 stop > /dev/null 2>&1 < /dev/null || kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid" 60 postgres
}

# --- s3rver -----------------------------------------------------------------------------------------------------------
s3="$data/s3"
s3_pid() { local pid; pid="$(first_line "$s3/s3rver.pid")"; if pid_runs "$pid" "$s3/data"; then echo "$pid"; fi; }
s3_ready() {
  local code
  code="$(http_code "http://127.0.0.1:${port[S3_PORT]}/")"
  [[ "$code" =~ ^[2-4][0-9][0-9]$ ]]
}
s3_ports() { echo "${port[S3_PORT]}"; }
s3_describe() { echo "127.0.0.1:${port[S3_PORT]}  keys S3RVER/S3RVER"; }
s3_launch() {
  mkdir -p "$s3/data"
  # setsid runs node in its own session (it is not a group leader here, so setsid execs and $! is node's pid).
  # s3rver makes its listing continuation tokens with DES, which OpenSSL 3 refuses unless the legacy provider is on:
  # without the flag any listing of more than 1,000 keys answers 500. The api's default upload bucket is made at start
  # (an existing one is kept) so that an api started with no bucket settings is ready, as the README's fleet section runs it.
  setsid node --openssl-legacy-provider "$node_dir/node_modules/s3rver/bin/s3rver.js" -d "$s3/data" -a 127.0.0.1 -p "${port[S3_PORT]}" \
    --no-vhost-buckets --configure-bucket fleet-uploads --silent >> "$s3/s3rver.log" 2>&1 < /dev/null 9>&- &
  echo $! > "$s3/s3rver.pid"
}
s3_await() {
  local deadline=$((SECONDS + 30))
  until s3_ready; do
    [[ -n "$(s3_pid)" ]] || { show_log "$s3/s3rver.log"; die "s3: s3rver stopped while starting"; }
    ((SECONDS < deadline)) || { show_log "$s3/s3rver.log"; die "s3: s3rver not answering after 30 s"; }
    sleep 0.2
  done
}
s3_stop() {
  local pid
  pid="$(s3_pid)"
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid" 20 s3
  rm -f "$s3/s3rver.pid"
}

# --- SQS (local-aws-sqs) ----------------------------------------------------------------------------------------------
sqs="$data/sqs"
sqs_pid() { local pid; pid="$(first_line "$sqs/sqs.pid")"; if pid_runs "$pid" "--data $sqs"; then echo "$pid"; fi; }
sqs_ready() {
  # It answers as fleet's when the drop queue exists on it.
  local reply
  reply="$(curl -s -m 3 -X POST -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: AmazonSQS.GetQueueUrl' \
           -d "{\"QueueName\":\"$sqs_queue\"}" "http://127.0.0.1:${port[SQS_PORT]}/" 2>/dev/null || true)"
  [[ "$reply" == *"\"QueueUrl\""*"/$sqs_queue\""* ]]
}
sqs_ports() { echo "${port[SQS_PORT]}"; }
sqs_describe() { echo "http://127.0.0.1:${port[SQS_PORT]}  queue $sqs_queue (+ $sqs_queue-dlq)"; }
sqs_launch() {
  mkdir -p "$sqs"
  # --data only names this folder on the command line, so the pid can be told apart from any other node process.
  setsid node "$node_dir/sqs-server.js" --port "${port[SQS_PORT]}" --queue "$sqs_queue" --data "$sqs" \
    >> "$sqs/sqs.log" 2>&1 < /dev/null 9>&- &
  echo $! > "$sqs/sqs.pid"
}
sqs_await() {
  local deadline=$((SECONDS + 30))
  until sqs_ready; do
    [[ -n "$(sqs_pid)" ]] || { show_log "$sqs/sqs.log"; die "sqs: the SQS server stopped while starting"; }
    ((SECONDS < deadline)) || { show_log "$sqs/sqs.log"; die "sqs: the SQS server is not answering after 30 s"; }
    sleep 0.2
  done
}
sqs_stop() {
  local pid
  pid="$(sqs_pid)"
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  wait_gone "$pid" 20 sqs
  rm -f "$sqs/sqs.pid"
}

# --- generic ----------------------------------------------------------------------------------------------------------
wait_gone() {
  local pid="$1" limit="$2" name="$3" deadline=$((SECONDS + $2))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      say "$name: pid $pid still running after ${limit} s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
}
pid_of() { case "$1" in rabbitmq) rabbit_pid ;; postgres) pg_pid ;; s3) s3_pid ;; sqs) sqs_pid ;; esac; }
any_port_open() { local p; for p in $("$1"_ports); do port_open "$p" && return 0; done; return 1; }
check_names() {
  local name
  for name in "$@"; do
    [[ " ${all_services[*]} " == *" $name "* ]] || die "unknown service '$name' (rabbitmq, postgres, s3 or sqs)"
  done
}
lock() {
  mkdir -p "$data"
  exec 9> "$data/lock"
  flock -w 900 9 || die "another ./fleet services command holds $data/lock"
}

cmd_up() {
  local names=("$@") name pid launched=()
  ((${#names[@]})) || names=("${all_services[@]}")
  check_names "${names[@]}"
  lock
  # Ports stay as recorded while a service runs on them: moving one needs a down first.
  if [[ -f "$data/ports" ]]; then
    local key from_env
    for key in "${port_keys[@]}"; do
      from_env="FLEET_$key"
      if [[ -n "${!from_env:-}" && -n "${recorded[$key]:-}" && "${!from_env}" != "${recorded[$key]}" ]] &&
         [[ -n "$(rabbit_pid)$(pg_pid)$(s3_pid)$(sqs_pid)" ]]; then
        die "$from_env=${!from_env} but the services run with ${recorded[$key]}: run ./fleet services down first"
      fi
    done
  fi
  install_packages
  install_node_servers
  pg_root_for
  save_settings
  for name in "${names[@]}"; do
    pid="$(pid_of "$name")"
    if [[ -n "$pid" ]] && "${name}_ready"; then
      say "$name: already up (pid $pid)"
    elif [[ -n "$pid" ]]; then
      launched+=("$name")   # ours and still booting (another up started it): await it below
    elif any_port_open "${name}"; then
      if "${name}_ready"; then
        say "$name: using a server not started from here that answers on port $("${name}"_ports)"
      else
        die "$name: port $("${name}"_ports) is held by another process that does not answer as fleet; stop it or set FLEET_${name^^}_PORT"
      fi
    else
      say "$name: starting on $("${name}"_describe)"
      "${name}_launch"
      launched+=("$name")
    fi
  done
  for name in "${launched[@]}"; do "${name}_await"; done
  env_lines > "$data/env"
  if ((${#launched[@]})); then
    say "up: ${names[*]} (eval \"\$(./fleet services env)\" points Fleet at them)"
  else
    say "already up, nothing to do"
  fi
}

cmd_down() {
  local names=("$@") name pid
  ((${#names[@]})) || names=("${all_services[@]}")
  check_names "${names[@]}"
  lock
  for name in "${names[@]}"; do
    pid="$(pid_of "$name")"
    if [[ -n "$pid" ]]; then
      say "$name: stopping pid $pid"
      "${name}_stop"
    elif any_port_open "$name"; then
      # Named, it was asked to be stopped: a caller (a test stopping the broker) must not go on as if it were.
      (($#)) && die "$name: the server on port $("${name}"_ports) was not started from $data; it cannot be stopped from here"
      say "$name: the server on port $("${name}"_ports) was not started from here; leaving it"
    fi
  done
  # A full down forgets the recorded ports, so the next up starts from the defaults (or the environment) again.
  if [[ -z "$(rabbit_pid)$(pg_pid)$(s3_pid)$(sqs_pid)" ]]; then rm -f "$data/ports" "$data/env"; fi
  say "down: ${names[*]}"
}

cmd_status() {
  local name pid state all_up=1
  for name in "${all_services[@]}"; do
    pid="$(pid_of "$name")"
    if [[ -n "$pid" ]]; then
      if "${name}_ready"; then state="up"; else state="starting"; all_up=""; fi
      printf '%-9s %-9s %s  pid %s\n' "$name" "$state" "$("${name}"_describe)" "$pid"
    elif any_port_open "$name"; then
      if "${name}_ready"; then state="up"; else state="blocked"; all_up=""; fi
      printf '%-9s %-9s %s  (a server not started from %s)\n' "$name" "$state" "$("${name}"_describe)" "$data"
    else
      printf '%-9s %-9s %s\n' "$name" "down" "$("${name}"_describe)"
      all_up=""
    fi
  done
  [[ -n "$all_up" ]] || return 3
}

main() {
  local command="${1:-}"
  [[ $# -gt 0 ]] && shift
  load_settings
  find_pg_bin
  pg="$data/postgres"
  if [[ -L "$pg" ]]; then pg="$(readlink "$pg")"; fi
  rabbit_node="fleet@localhost"
  [[ "${port[RABBITMQ_PORT]}" == 5672 ]] || rabbit_node="fleet-${port[RABBITMQ_PORT]}@localhost"
  case "$command" in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    restart)
      (($#)) || die "restart needs a service name: rabbitmq, postgres, s3 or sqs"
      cmd_down "$@"
      cmd_up "$@"
      ;;
    status) cmd_status ;;
    env) env_lines ;;
    -h | --help | help) usage ;;
    "") usage >&2; exit 2 ;;
    *) say "unknown command '$command'"; usage >&2; exit 2 ;;
  esac
}

main "$@"
