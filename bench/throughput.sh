#!/usr/bin/env bash
# End-to-end throughput of the embedded fleet on the samples: text-layer pages and OCR pages measured in separate runs,
# with peak RSS. Usage: bench/throughput.sh [copies]   (copies of each sample, default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
./fleet --help >/dev/null # build once, outside the measurement

for kind in born-digital scanned; do
  mkdir -p "$work/$kind/in"
  # Each copy gets a trailing PDF comment so that its bytes differ: identical files would be processed once and reused.
  for i in $(seq 1 "$copies"); do
    { cat "samples/$kind.pdf"; printf '\n%% copy %d\n' "$i"; } > "$work/$kind/in/$kind-$i.pdf"
  done
  /usr/bin/time -f "%M" -o "$work/$kind/rss" ./fleet run "$work/$kind/in" --output "$work/$kind/out" >/dev/null
  manifest=$(ls "$work"/$kind/out/runs/*/manifest.json)
  python3 - "$manifest" "$(cat "$work/$kind/rss")" "$kind" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); t = m["totals"]; p = t["pages"]
print(f"{sys.argv[3]:13} {t['succeeded']}/{t['documents']} documents, {p['total']} pages "
      f"({p['textLayer']} text layer, {p['ocr']} OCR) in {t['elapsedMs']/1000:.1f} s = {t['pagesPerSecond']:.2f} pages/s, "
      f"peak RSS {int(sys.argv[2])/1024:.0f} MiB")
PY
done
