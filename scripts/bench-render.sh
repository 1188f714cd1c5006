#!/usr/bin/env bash
# Renders N generated specs into a folder and compares with `cp -r` of the very output
# tree on the same file system, so the figures say how close delugen comes to the file
# system's own speed on this machine, whatever the machine.
#
#   scripts/bench-render.sh                  # N = 100, 1000, 10000 under $TMPDIR (or /tmp)
#   BENCH_DIR=/dev/shm scripts/bench-render.sh 1000
#   JOBS=1 scripts/bench-render.sh 1000      # one thread (default: every core)
#   DELUGEN=/path/to/delugen scripts/bench-render.sh   # another build (e.g. an older one)
#
# Prints, per N: times of the first render into an empty folder, `cp -r` of that tree,
# an unchanged re-render, `render --check`; the ratios render/cp-r, re-render/render and
# check/render; and the peak RSS of the first render. Each time is the best of RUNS
# (default 3). Not run by CI: timings belong in README, never in a test.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000)
runs="${RUNS:-3}"
jobs_arg=()
[ -z "${JOBS:-}" ] || jobs_arg=(--jobs "$JOBS")

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time for peak RSS..." >&2
  apt-get install -y -qq time >/dev/null 2>&1 || {
    apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq time >/dev/null 2>&1
  } || { echo "bench-render: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
fi

if [ -z "${DELUGEN:-}" ]; then
  cargo build --release --locked --quiet
  DELUGEN="$PWD/target/release/delugen"
fi
delugen="$DELUGEN"

base="${BENCH_DIR:-${TMPDIR:-/tmp}}"
work="$(mktemp -d "$base/delugen-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# N specs that differ in product, region, auth mode and record size (as benches/render_many.rs).
generate() {
  awk -v n="$1" -v dir="$2" 'BEGIN {
    split("us eu in au jp cn ca sa uk", regions, " ")
    for (i = 0; i < n; i++) {
      f = sprintf("%s/spec-%05d.yaml", dir, i)
      printf "name: bench-%d\n", i > f
      p = i % 3
      printf "product: %s\nregion: %s\n", (p == 0 ? "crm" : p == 1 ? "books" : "creator"), regions[i % 9 + 1] > f
      if (i % 4 != 0)
        printf "client:\n  id: 1000.BENCH\n  secret: bench-secret\n  redirect_uri: https://bench.example/cb\n" > f
      if (p == 0) printf "scopes: [ZohoCRM.modules.ALL]\nmodule: Leads\n" > f
      else if (p == 1) printf "scopes: [ZohoBooks.fullaccess.all]\nmodule: contacts\norganization_id: \"123\"\n" > f
      else printf "scopes: [ZohoCreator.form.CREATE]\nmodule:\n  owner: o\n  app: a\n  form: F\n" > f
      if (i % 4 == 0) printf "auth:\n  mode: connection\n  connection: conn\n" > f
      printf "requests:\n  - name: write-%d\n    method: POST\n    fields:\n", i > f
      for (k = 0; k < 1 + i % 7; k++)
        printf "      Field_%d: \"value %d-%d with \\\"quotes\\\" and \\\\ backslash\"\n", k, i, k > f
      close(f)
    }
  }'
}

now() { date +%s%N; }
# Seconds since $1 (nanoseconds), three decimals.
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
min() { printf '%s\n' "$@" | sort -g | head -n1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); folder: $work ($(df -T "$work" | awk 'NR == 2 { print $2 }'))"
printf '%7s %6s %9s %8s %10s %8s %12s %15s %12s %9s\n' \
  specs files render cp-r re-render check render/cp-r re-render/render check/render peak-RSS
for n in "${sizes[@]}"; do
  specs="$work/specs-$n"
  mkdir -p "$specs"
  generate "$n" "$specs"
  render=() copy=() rerender=() check=() rss=()
  for run in $(seq "$runs"); do
    out="$work/out-$n-$run"
    sync
    t=$(now)
    /usr/bin/time -f %M -o "$work/rss" "$delugen" render "$specs" -o "$out" "${jobs_arg[@]}" >/dev/null
    render+=("$(since "$t")")
    rss+=("$(cat "$work/rss")")
    sync
    t=$(now)
    cp -r "$out" "$work/copy-$n-$run"
    copy+=("$(since "$t")")
    t=$(now)
    "$delugen" render "$specs" -o "$out" "${jobs_arg[@]}" >/dev/null
    rerender+=("$(since "$t")")
    t=$(now)
    "$delugen" render "$specs" -o "$out" --check "${jobs_arg[@]}" >/dev/null
    check+=("$(since "$t")")
    rm -rf "$out" "$work/copy-$n-$run"
  done
  r=$(min "${render[@]}") c=$(min "${copy[@]}") rr=$(min "${rerender[@]}") k=$(min "${check[@]}")
  files=$("$delugen" render "$specs" -o "$work/count" "${jobs_arg[@]}" | grep -c ': wrote ' || true)
  rm -rf "$work/count" "$specs"
  printf '%7s %6s %8ss %7ss %9ss %7ss %12s %15s %12s %6s MB\n' \
    "$n" "$files" "$r" "$c" "$rr" "$k" "$(ratio "$r" "$c")" "$(ratio "$rr" "$r")" "$(ratio "$k" "$r")" \
    "$(( $(printf '%s\n' "${rss[@]}" | sort -g | tail -n1) / 1024 ))"
done
