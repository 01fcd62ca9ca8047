#!/usr/bin/env bash
# bench-fedavg.sh: FedSGD vs FedAvg (and FedProx) on Fashion-MNIST, softmax regression, 100 clients,
# C = 0.1, IID vs 2-shard non-IID; counts the rounds each needs to reach a target test accuracy
# (McMahan et al. 2017, Table 2 protocol, with a linear model instead of their CNN).
#
# Installs the Debian package dataset-fashion-mnist (IDX files under /usr/share/datasets/fashion-mnist)
# when it is missing. Settings through the environment:
#   OUT=bench-fedavg-out  TARGET=0.80  MAX_ROUNDS=300  EVAL_EVERY=5  LR=0.05  MASTER='local[*]'  SEED=1
#   CONFIGS="fedsgd-iid fedavg-iid-e1-b10 ..." (default: all below)
# Writes one JSON report per configuration to $OUT and prints a table (rounds to target, speed-up
# over FedSGD on the same partition).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
fashion=/usr/share/datasets/fashion-mnist
if [ ! -f "$fashion/train-images-idx3-ubyte.gz" ] && [ ! -f "$fashion/train-images-idx3-ubyte" ]; then
  sudo=""
  [ "$(id -u)" != 0 ] && sudo=sudo
  $sudo apt-get update
  $sudo apt-get install -y dataset-fashion-mnist
fi

out="${OUT:-bench-fedavg-out}"
target="${TARGET:-0.80}"
max_rounds="${MAX_ROUNDS:-300}"
eval_every="${EVAL_EVERY:-5}"
lr="${LR:-0.05}"
master="${MASTER:-local[*]}"
seed="${SEED:-1}"
mkdir -p "$out"

declare -A args=(
  [fedsgd-iid]="--partition iid --local-epochs 1 --batch-size 0"
  [fedavg-iid-e1-b50]="--partition iid --local-epochs 1 --batch-size 50"
  [fedavg-iid-e1-b10]="--partition iid --local-epochs 1 --batch-size 10"
  [fedavg-iid-e5-b50]="--partition iid --local-epochs 5 --batch-size 50"
  [fedavg-iid-e5-b10]="--partition iid --local-epochs 5 --batch-size 10"
  [fedsgd-shards]="--partition shards --local-epochs 1 --batch-size 0"
  [fedavg-shards-e1-b50]="--partition shards --local-epochs 1 --batch-size 50"
  [fedavg-shards-e1-b10]="--partition shards --local-epochs 1 --batch-size 10"
  [fedavg-shards-e5-b50]="--partition shards --local-epochs 5 --batch-size 50"
  [fedavg-shards-e5-b10]="--partition shards --local-epochs 5 --batch-size 10"
  [fedprox-shards-e5-b10]="--partition shards --local-epochs 5 --batch-size 10 --prox-mu 0.1"
)
order="fedsgd-iid fedavg-iid-e1-b50 fedavg-iid-e1-b10 fedavg-iid-e5-b50 fedavg-iid-e5-b10 fedsgd-shards
fedavg-shards-e1-b50 fedavg-shards-e1-b10 fedavg-shards-e5-b50 fedavg-shards-e5-b10 fedprox-shards-e5-b10"
configs="${CONFIGS:-$order}"

for name in $configs; do
  echo "== $name: ${args[$name]}" >&2
  # shellcheck disable=SC2086
  "$here/dtrain" train --strategy fedavg --objective softmax --num-classes 10 \
    --data "idx:$fashion/train" --test "idx:$fashion/t10k" --clients 100 --fraction 0.1 \
    --reg-param 0 --step-size "$lr" --target-accuracy "$target" --max-rounds "$max_rounds" \
    --eval-every "$eval_every" --master "$master" --seed "$seed" --quiet \
    ${args[$name]} --report-json "$out/$name.json" > "$out/$name.log" 2>&1 || echo "   failed, see $out/$name.log" >&2
done

python3 - "$out" "$target" $configs <<'PY'
import json, os, sys
out, target, names = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
rows = {}
for n in names:
    p = os.path.join(out, n + ".json")
    if os.path.exists(p):
        rows[n] = json.load(open(p))
print(f"| configuration | rounds to {target:.2f} | final test accuracy | rounds run | training s | speed-up vs FedSGD |")
print("|---|---|---|---|---|---|")
for n, r in rows.items():
    reached = r["reached_target"]
    rounds = r["rounds"]
    base = rows.get("fedsgd-shards" if "shards" in n else "fedsgd-iid")
    speed = ""
    if base and reached:
        speed = f"{base['rounds'] / rounds:.1f}x" if base["reached_target"] else f">{base['rounds'] / rounds:.1f}x"
    print(f"| {n} | {rounds if reached else '> ' + str(rounds)} | {r['test']['accuracy']:.4f} | {rounds} "
          f"| {r['wall_clock_seconds']:.1f} | {speed} |")
PY
