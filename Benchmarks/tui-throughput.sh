#!/usr/bin/env bash
# The live view's training rate at speed max against the headless `train`, both release builds.
# Prints each reading and the ratio of the medians. Needs tmux. Usage: Benchmarks/tui-throughput.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product sinetui >/dev/null
binary="$PWD/.build/release/sinetui"
socket="sinetui-throughput-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true' EXIT

headless=()
for _ in 1 2 3; do
  headless+=("$("$binary" train --seed 1 --steps 30000000 --print-every 30000000 |
    grep -oE '[0-9.]+M steps/s' | grep -oE '[0-9.]+')")
done

tmux -L "$socket" new-session -d -x 200 -y 60 "env TERM=screen $binary --seed 1" </dev/null >/dev/null 2>&1
sleep 1
tmux -L "$socket" send-keys ']' ']'
sleep 2
live=()
for _ in 1 2 3 4 5 6 7 8; do
  sleep 1.5
  live+=("$(tmux -L "$socket" capture-pane -p | head -2 | tr '\n' ' ' |
    grep -oE '[0-9.]+M steps/s' | grep -oE '[0-9.]+' || echo 0)")
done
tmux -L "$socket" send-keys q

median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
echo "headless train, M steps/s: ${headless[*]}"
echo "live view at max, M steps/s: ${live[*]}"
awk -v live="$(median "${live[@]}")" -v headless="$(median "${headless[@]}")" \
  'BEGIN { printf "median live / median headless = %.2f / %.2f = %.0f%%\n", live, headless, 100 * live / headless }'
