# shellcheck shell=bash
# Settings and helpers shared by bench/run and bench/table. Sourced, not run.
# Everything here listens on 127.0.0.1 and writes under $BENCH_HOME only.

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)

CONCURRENCY=${CONCURRENCY:-16}
BENCH_HOME=${BENCH_HOME:-${TMPDIR:-/tmp}/haul-bench}
ORIGIN_PORT=${ORIGIN_PORT:-18380}
S3_PORT=${S3_PORT:-18390}
TIMEOUT=${TIMEOUT:-900}
BUCKET=bench
S3_ENDPOINT=http://127.0.0.1:$S3_PORT
# Debian's python3-aiohttp belongs to Debian's python3; a python3 earlier on PATH (pyenv, venv) may lack it.
PYTHON=${PYTHON:-$([ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3)}
# Debian installs nginx in /usr/sbin, which is not on a normal user's PATH.
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

# S3Mock accepts any credentials; every tool reads the same AWS_* variables.
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret
export AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_CA_BUNDLE
# The AWS CLI reads its transfer concurrency from a config file only: give it one of our own, so that
# CONCURRENCY applies to it too and the user's ~/.aws/config plays no part (written by write_aws_config).
export AWS_CONFIG_FILE=$BENCH_HOME/aws-config
# The AWS CLI to run: the first `aws` on PATH unless AWS_CLI names one (e.g. AWS_CLI=/usr/bin/aws for Debian's).
AWS_CLI=${AWS_CLI:-aws}
# Recent CLIs add a CRC trailer to every upload by default, older ones do not: ask for the same behaviour from all.
export AWS_REQUEST_CHECKSUM_CALCULATION=when_required AWS_RESPONSE_CHECKSUM_VALIDATION=when_required
# rclone takes its remote from the environment, so no rclone.conf of the user's is read or written.
export RCLONE_CONFIG=$BENCH_HOME/rclone.conf
export RCLONE_CONFIG_S3MOCK_TYPE=s3 RCLONE_CONFIG_S3MOCK_PROVIDER=Other
export RCLONE_CONFIG_S3MOCK_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID RCLONE_CONFIG_S3MOCK_SECRET_ACCESS_KEY=$AWS_SECRET_ACCESS_KEY
export RCLONE_CONFIG_S3MOCK_ENDPOINT=$S3_ENDPOINT RCLONE_CONFIG_S3MOCK_REGION=us-east-1

die() { echo "bench: $*" >&2; exit 2; }

# Workloads as "count bytes-per-file"; W_BIG, W_MEDIUM, W_SMALL override them (e.g. W_BIG="2 67108864" to try
# the harness quickly).
workload_spec() {
  case $1 in
    big) echo "${W_BIG:-2 536870912}" ;;
    medium) echo "${W_MEDIUM:-64 8388608}" ;;
    small) echo "${W_SMALL:-2000 16384}" ;;
    *) return 1 ;;
  esac
}

# Stops with the apt-get line to run when a command the harness itself needs is missing.
require_core() {
  local missing=()
  [ -x "$NGINX" ] || missing+=(nginx-light)
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v jq >/dev/null || missing+=(jq)
  command -v "$AWS_CLI" >/dev/null || missing+=(awscli)
  command -v java >/dev/null || missing+=(openjdk-17-jdk-headless)
  [ -x /usr/bin/time ] || missing+=(time)
  [ ${#missing[@]} -eq 0 ] ||
    die "missing packages; install them with: sudo apt-get install -y ${missing[*]}"
}

# The AWS CLI's config for every run: CONCURRENCY transfers at a time and, for AWS CLI v2, the plugin that sends
# uploads without "Expect: 100-continue" (bench/awscli_no_expect.py says why). v1 has no plugin path setting, and
# needs no plugin: its botocore reads S3Mock's bare "100" fine.
write_aws_config() {
  printf '[default]\ns3 =\n  max_concurrent_requests = %s\n' "$CONCURRENCY" >"$AWS_CONFIG_FILE"
  if "$AWS_CLI" --version 2>&1 | grep -q '^aws-cli/2\.'; then
    printf '[plugins]\ncli_legacy_plugin_path = %s\nno_expect = awscli_no_expect\n' "$BENCH_DIR" >>"$AWS_CONFIG_FILE"
  fi
}

# One line naming the version of every program a run measures or relies on, for the table's caption.
tool_versions() {
  local aiohttp
  aiohttp=$("$PYTHON" -c 'import aiohttp; print(aiohttp.__version__)' 2>/dev/null || echo none)
  printf '%s; rclone %s; python3-aiohttp %s; %s; %s; S3Mock %s\n' \
    "$("$AWS_CLI" --version 2>&1 | cut -d' ' -f1,2)" \
    "$(rclone version 2>/dev/null | sed -n '1s/^rclone v//p' || echo none)" "$aiohttp" \
    "$("$NGINX" -v 2>&1 | sed 's/^nginx version: //')" \
    "$(java -version 2>&1 | sed -n '1s/"//gp')" \
    "$(sed -n 's:.*<s3mock.version>\(.*\)</s3mock.version>.*:\1:p' "$REPO_DIR/src/s3mock/pom.xml" | head -n 1)"
}

# Why a tool cannot run here, or nothing when it can. A missing anchor is skipped, not fatal.
tool_missing() {
  case $1 in
    s3-ceiling | rclone) command -v rclone >/dev/null || echo "rclone not installed (apt-get install rclone)" ;;
    aiohttp-awscli) "$PYTHON" -c 'import aiohttp' 2>/dev/null ||
      echo "aiohttp not importable by $PYTHON (apt-get install python3-aiohttp)" ;;
    haul-base | haul-warm-base)
      if [ -z "${BASE_DIR:-}" ]; then
        echo "BASE_DIR not set (the checkout to compare with)"
      elif ! ls "$BASE_DIR"/target/*-runner.jar >/dev/null 2>&1; then
        echo "BASE_DIR's Haul not built (./mvnw -B package -DskipTests in $BASE_DIR)"
      fi ;;
    haul*) ls "$REPO_DIR"/target/*-runner.jar >/dev/null 2>&1 || echo "Haul not built (./mvnw -B package -DskipTests)" ;;
  esac
}

# Writes the workload's files under $BENCH_HOME/origin/NAME/ once, plus their sorted SHA-256 sums (NAME.sha256)
# and URL list (NAME.urls).
# The bytes are one AES-CTR keystream with a key derived from the workload, cut into files: deterministic,
# incompressible, every file different (so content alone identifies a file), and one openssl process for all.
prepare_workload() {
  local name=$1 count size dir key
  read -r count size < <(workload_spec "$name")
  # Nothing but the files in the served folder: s3-ceiling copies the whole folder.
  dir=$BENCH_HOME/origin/$name
  if [ "$(cat "$BENCH_HOME/$name.spec" 2>/dev/null)" != "$count $size" ] || [ ! -d "$dir" ]; then
    echo "bench: generating $name ($count x $size bytes)" >&2
    rm -rf "$dir" && mkdir -p "$dir"
    key=$(printf 'haul-bench %s %s %s' "$name" "$count" "$size" | sha256sum | cut -c1-32)
    head -c "$((count * size))" /dev/zero |
      openssl enc -aes-128-ctr -K "$key" -iv 00000000000000000000000000000000 |
      (cd "$dir" && split -b "$size" -d -a 6 --additional-suffix=.bin - f)
    (cd "$dir" && find . -name '*.bin' -exec sha256sum {} + | cut -d' ' -f1 | sort) >"$BENCH_HOME/$name.sha256"
    echo "$count $size" >"$BENCH_HOME/$name.spec"
  fi
  (cd "$dir" && find . -name '*.bin' | sort | sed "s|^\./|http://127.0.0.1:$ORIGIN_PORT/$name/|") >"$BENCH_HOME/$name.urls"
}

# nginx in the foreground of a background job, so we hold its PID and stop exactly it. All of its paths point
# into $BENCH_HOME, so it needs no root and touches nothing of the system's nginx.
start_origin() {
  mkdir -p "$BENCH_HOME/nginx"
  cat >"$BENCH_HOME/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $BENCH_HOME/nginx/nginx.pid;
error_log $BENCH_HOME/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  default_type application/octet-stream;
  client_body_temp_path $BENCH_HOME/nginx/body;
  proxy_temp_path $BENCH_HOME/nginx/proxy;
  fastcgi_temp_path $BENCH_HOME/nginx/fastcgi;
  uwsgi_temp_path $BENCH_HOME/nginx/uwsgi;
  scgi_temp_path $BENCH_HOME/nginx/scgi;
  server { listen 127.0.0.1:$ORIGIN_PORT; root $BENCH_HOME/origin; }
}
CONF
  "$NGINX" -p "$BENCH_HOME/nginx" -e "$BENCH_HOME/nginx/error.log" -c "$BENCH_HOME/nginx/nginx.conf" &
  ORIGIN_PID=$!
  wait_http "http://127.0.0.1:$ORIGIN_PORT/" "$ORIGIN_PID" 10 ||
    die "nginx did not start on 127.0.0.1:$ORIGIN_PORT (port taken? set ORIGIN_PORT); see $BENCH_HOME/nginx/error.log"
}

# S3Mock from Haul's own src/s3mock/pom.xml, launched the way dev.haul.local.S3MockServer does, and with the
# classpath cached in the same file, so haul-local, the tests and the benchmark resolve it once between them.
start_s3() {
  local cp=$REPO_DIR/target/s3mock.classpath
  if [ ! -s "$cp" ]; then
    echo "bench: resolving S3Mock's classpath with Maven (once)" >&2
    mkdir -p "$REPO_DIR/target"
    "$REPO_DIR/mvnw" -q -B -f "$REPO_DIR/src/s3mock/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$cp" >"$BENCH_HOME/s3mock-resolve.log" 2>&1 ||
      die "could not resolve S3Mock's classpath; see $BENCH_HOME/s3mock-resolve.log"
  fi
  rm -rf "$BENCH_HOME/s3-store"
  java -Xmx1g -XX:+UseParallelGC -Dserver.ssl.enabled=false -Dserver.port="$S3_PORT" -Dserver.address=127.0.0.1 \
    -Dhttp.port=0 -Dcom.adobe.testing.s3mock.store.root="$BENCH_HOME/s3-store" \
    -Dcom.adobe.testing.s3mock.store.initialBuckets="$BUCKET" \
    -Dcom.adobe.testing.s3mock.store.retainFilesOnExit=false \
    -Dlogging.level.root=WARN -Dspring.main.banner-mode=off \
    -cp "$(cat "$cp")" com.adobe.testing.s3mock.S3MockApplication >"$BENCH_HOME/s3mock.log" 2>&1 &
  S3_PID=$!
  wait_http "$S3_ENDPOINT/" "$S3_PID" 120 ||
    die "S3Mock did not start on 127.0.0.1:$S3_PORT (port taken? set S3_PORT); see $BENCH_HOME/s3mock.log"
}

# Waits until URL answers HTTP at all (any status), giving up when PID dies or after SECONDS.
wait_http() {
  local url=$1 pid=$2 i
  for ((i = 0; i < $3 * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || return 1
    curl -s -o /dev/null --max-time 2 "$url" && return 0
    sleep 0.2
  done
  return 1
}

# Stops only the servers this script started, by the PIDs it recorded.
stop_servers() {
  local pid
  for pid in ${ORIGIN_PID:-} ${S3_PID:-}; do
    if kill "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null || true; fi
  done
  ORIGIN_PID='' S3_PID=''
}

# An awk function for every script here that takes medians: median(LIST) of a space-separated list of numbers,
# or "" for an empty one. Put before an awk program: awk "$AWK_MEDIAN"' ...program... '.
# shellcheck disable=SC2016 # awk's own variables, not the shell's
AWK_MEDIAN='
  function median(list,   v, n, i, j, t) {
    n = split(list, v, " ")
    if (n == 0) return ""
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
'

# Reads result rows (TSV: run workload tool count size wall user sys maxrss-KiB check) of one or more runs and
# prints one markdown table: per workload and tool, the median over runs of each figure. Ratios are taken within
# each run first (a tool against the S3 ceiling and the best S3 anchor of the same run, where the machine's load
# was the same) and their median is shown. Anchors are rclone and aiohttp-awscli; only rows that passed the check
# count as ceiling or anchor.
summarize() {
  awk -F'\t' "$AWK_MEDIAN"'
    function cell(x, fmt) { return x == "" ? "–" : sprintf(fmt, x) }
    {
      run = $1; w = $2; tool = $3; key = w SUBSEP tool
      if (!(key in seen)) { seen[key] = 1; order[++nkeys] = key }
      runs[key]++
      if ($10 == "ok") oks[key]++; else if (!(key in why)) why[key] = $10
      if ($6 == "-") next
      mib = $4 * $5 / 1048576; cpu = $7 + $8
      rate = (w == "small") ? $4 / $6 : mib / $6
      r = run SUBSEP key
      RATE[r] = rate; CPUG[r] = cpu / (mib / 1024); OK[r] = ($10 == "ok")
      wall[key] = wall[key] " " $6; rates[key] = rates[key] " " rate; cpus[key] = cpus[key] " " cpu
      cpug[key] = cpug[key] " " CPUG[r]; rss[key] = rss[key] " " $9 / 1024
      runkeys[++nr] = r
    }
    END {
      for (i = 1; i <= nr; i++) {
        split(runkeys[i], p, SUBSEP); run = p[1]; w = p[2]; key = w SUBSEP p[3]
        c = run SUBSEP w SUBSEP "s3-ceiling"
        if (OK[c]) vsc[key] = vsc[key] " " RATE[runkeys[i]] / RATE[c]
        best = 0; bestcpu = 0
        for (a = 1; a <= 2; a++) {
          k = run SUBSEP w SUBSEP (a == 1 ? "rclone" : "aiohttp-awscli")
          if (!OK[k]) continue
          if (RATE[k] > best) best = RATE[k]
          if (bestcpu == 0 || CPUG[k] < bestcpu) bestcpu = CPUG[k]
        }
        if (best > 0) { vsa[key] = vsa[key] " " RATE[runkeys[i]] / best; vsacpu[key] = vsacpu[key] " " CPUG[runkeys[i]] / bestcpu }
      }
      print "| workload | tool | wall s | rate | CPU s | CPU s/GiB | peak RSS MiB | rate × s3-ceiling | rate × best anchor | CPU/GiB × best anchor | check |"
      print "|---|---|---|---|---|---|---|---|---|---|---|"
      for (i = 1; i <= nkeys; i++) {
        key = order[i]; split(key, p, SUBSEP)
        unit = p[1] == "small" ? " obj/s" : " MiB/s"
        check = (oks[key] + 0) "/" runs[key] " ok"
        if (key in why) check = check "; " why[key]
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", p[1], p[2],
          cell(median(wall[key]), "%.2f"), cell(median(rates[key]), "%.0f" unit), cell(median(cpus[key]), "%.2f"),
          cell(median(cpug[key]), "%.2f"), cell(median(rss[key]), "%.0f"), cell(median(vsc[key]), "%.2f"),
          cell(median(vsa[key]), "%.2f"), cell(median(vsacpu[key]), "%.2f"), check
      }
    }' "$@"
}
