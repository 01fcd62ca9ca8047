#!/usr/bin/env bash
# Lists the package dependency cycles among the io.sparkdtrain packages of a classes folder or jar,
# from jdeps' package-level edges (strongly connected components of more than one package).
# usage: dev/check-package-cycles.sh spark-dtrain-core/target/classes   (after mvn -DskipTests package)
# Exits 1 when there is a cycle.
set -euo pipefail
test $# -eq 1 || { echo "usage: $0 CLASSES_DIR_OR_JAR" >&2; exit 2; }
deps=$(mktemp)
trap 'rm -f "$deps"' EXIT
jdeps -verbose:package -filter:none -e 'io\.sparkdtrain\..*' "$1" 2>/dev/null | awk '/->/ {print $1, $3}' | grep '^io.sparkdtrain' | sort -u > "$deps"
python3 - "$deps" <<'PY'
import collections,sys
g=collections.defaultdict(set)
for l in open(sys.argv[1]):
  a,b=l.split()
  if a!=b: g[a].add(b)
idx={};low={};st=[];on=set();res=[];c=[0]
sys.setrecursionlimit(10000)
def sc(v):
  idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
  for w in g[v]:
    if w not in idx: sc(w);low[v]=min(low[v],low[w])
    elif w in on: low[v]=min(low[v],idx[w])
  if low[v]==idx[v]:
    comp=[]
    while True:
      w=st.pop();on.discard(w);comp.append(w)
      if w==v:break
    if len(comp)>1: res.append(comp)
for v in list(g):
  if v not in idx: sc(v)
print("packages:",len(set(g)|{b for s in g.values() for b in s}),"cycles:",len(res))
for r in res: print(" ", sorted(r))
sys.exit(1 if res else 0)
PY
