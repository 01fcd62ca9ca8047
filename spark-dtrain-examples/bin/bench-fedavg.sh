#!/usr/bin/env bash
# bench-fedavg.sh: FedSGD vs FedAvg (and FedProx) on Fashion-MNIST, softmax regression, 100 clients,
# C = 0.1, IID vs 2-shard non-IID; counts the rounds each needs to reach a target test accuracy
# (McMahan et al. 2017, Table 2 protocol, with a linear model instead of their CNN).
#
# Protocol (as in the paper, which tunes the learning rate per configuration and reports the best):
#   1. tuning: every configuration runs once per step size of its grid on seed TUNE_SEED; the step
#      size with the fewest rounds to TARGET wins (ties: the higher best test accuracy; when no step
#      size reaches TARGET, the highest best test accuracy). FedProx sweeps mu instead, at the step
#      size chosen for FedAvg with the same E and B.
#   2. seeds: each configuration runs again at its chosen step size for every other seed in SEEDS.
#      The client split and the per-round client sample both depend on the seed.
#   3. table (bench-fedavg-table.py): median and range over the seeds of the rounds to TARGET, and
#      of the per-seed speed-up over FedSGD on the same split and seed; then the same for each of
#      ALSO_TARGETS, read from the same runs' evaluated rounds (every run passes them before it stops).
#
# Installs the Debian package dataset-fashion-mnist (IDX files under /usr/share/datasets/fashion-mnist)
# when it is missing. Settings through the environment (defaults in brackets):
#   OUT [bench-fedavg-out]  TARGET [0.80]  MASTER ['local[*]']  SEEDS ["1 2 3"]  TUNE_SEED [1]
#   MAX_ROUNDS_FEDSGD [600]  MAX_ROUNDS_FEDAVG [300]  (a run stops at TARGET or at its round limit)
#   EVAL_FEDSGD [5]  EVAL_IID [1]  EVAL_SHARDS [2]  (evaluate every N rounds; rounds to target are
#       multiples of N, so each count is an upper bound that is at most N - 1 rounds high)
#   GRID_FEDSGD ["0.25 0.5 1"]  GRID_B50 ["0.05 0.1 0.2"]  GRID_B10 ["0.025 0.05 0.1"]  (step sizes)
#   PROX_MUS ["0.01 0.1 1"]  ALSO_TARGETS ["0.75"] (lower targets, up to TARGET)  CONFIGS (default: all below)
#   SEED_CONFIGS (default: CONFIGS; "" = none): the configurations that also run on the other seeds
# Every run writes $OUT/runs/NAME-lrLR-sSEED.json (and .log); a run whose JSON exists is not run
# again, so an interrupted benchmark resumes where it stopped (remove any NAME*.lock folders that a
# killed run left behind). Copies of the script with disjoint CONFIGS may run in parallel on one OUT.
# The table goes to stdout and to $OUT/table.md.
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
master="${MASTER:-local[*]}"
seeds="${SEEDS:-1 2 3}"
tune_seed="${TUNE_SEED:-1}"
prox_mus="${PROX_MUS:-0.01 0.1 1}"
mkdir -p "$out/runs"

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
  [fedprox-shards-e5-b10]="--partition shards --local-epochs 5 --batch-size 10"
)
order="fedsgd-iid fedavg-iid-e1-b50 fedavg-iid-e1-b10 fedavg-iid-e5-b50 fedavg-iid-e5-b10 fedsgd-shards
fedavg-shards-e1-b50 fedavg-shards-e1-b10 fedavg-shards-e5-b50 fedavg-shards-e5-b10 fedprox-shards-e5-b10"
configs="${CONFIGS:-$order}"
seed_configs="${SEED_CONFIGS-$configs}"

# The step-size grid, round limit and evaluation interval of a configuration.
grid() {
  case "$1" in
    fedsgd-*) echo "${GRID_FEDSGD:-0.25 0.5 1}" ;;
    *-b50) echo "${GRID_B50:-0.05 0.1 0.2}" ;;
    *) echo "${GRID_B10:-0.025 0.05 0.1}" ;;
  esac
}
max_rounds() { case "$1" in fedsgd-*) echo "${MAX_ROUNDS_FEDSGD:-600}" ;; *) echo "${MAX_ROUNDS_FEDAVG:-300}" ;; esac; }
eval_every() {
  case "$1" in
    fedsgd-*) echo "${EVAL_FEDSGD:-5}" ;;
    *-iid-*) echo "${EVAL_IID:-1}" ;;
    *) echo "${EVAL_SHARDS:-2}" ;;
  esac
}

# run NAME LR SEED [EXTRA ARGS]: one training run, skipped when its report exists.
run() {
  local name="$1" lr="$2" seed="$3" extra="${4:-}" file
  file="$out/runs/$name${extra:+-mu${extra##* }}-lr$lr-s$seed"
  [ -f "$file.json" ] && return 0
  # a lock folder lets several copies of this script (with different CONFIGS) share one OUT
  mkdir "$file.lock" 2>/dev/null || { echo "   $file is running elsewhere, skipped" >&2; return 0; }
  echo "== $(date -u +%H:%M:%S) $name lr=$lr seed=$seed $extra" >&2
  # shellcheck disable=SC2086
  "$here/dtrain" train --strategy fedavg --objective softmax --num-classes 10 \
    --data "idx:$fashion/train" --test "idx:$fashion/t10k" --clients 100 --fraction 0.1 \
    --reg-param 0 --step-size "$lr" --target-accuracy "$target" --max-rounds "$(max_rounds "$name")" \
    --eval-every "$(eval_every "$name")" --master "$master" --seed "$seed" --quiet \
    ${args[$name]} $extra --report-json "$file.tmp.json" > "$file.log" 2>&1 \
    && mv "$file.tmp.json" "$file.json" || echo "   failed, see $file.log" >&2
  rmdir "$file.lock"
}

table=(python3 "$here/bench-fedavg-table.py" --out "$out" --target "$target" --tune-seed "$tune_seed" --seeds "$seeds")
also=()
for t in ${ALSO_TARGETS-0.75}; do also+=(--also-target "$t"); done

# 1. tuning on TUNE_SEED (FedProx: the mu sweep at the step size chosen for its FedAvg twin).
for name in $configs; do
  case "$name" in
    fedprox-*)
      twin="fedavg-${name#fedprox-}"
      for lr in $(grid "$twin"); do run "$twin" "$lr" "$tune_seed"; done
      lr="$("${table[@]}" --chosen "$twin")"
      for mu in $prox_mus; do run "$name" "$lr" "$tune_seed" "--prox-mu $mu"; done ;;
    *) for lr in $(grid "$name"); do run "$name" "$lr" "$tune_seed"; done ;;
  esac
done

# 2. the other seeds at the chosen step size (and mu), for SEED_CONFIGS.
for seed in $seeds; do
  [ "$seed" = "$tune_seed" ] && continue
  for name in $seed_configs; do
    case "$name" in
      fedprox-*)
        read -r lr mu <<< "$("${table[@]}" --chosen "$name")"
        run "$name" "$lr" "$seed" "--prox-mu $mu" ;;
      *) run "$name" "$("${table[@]}" --chosen "$name")" "$seed" ;;
    esac
  done
done

# 3. the table.
# shellcheck disable=SC2086
"${table[@]}" "${also[@]}" --configs $configs | tee "$out/table.md"
