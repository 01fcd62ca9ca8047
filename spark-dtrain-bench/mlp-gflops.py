#!/usr/bin/env python3
# Usage: java -jar spark-dtrain-bench/target/benchmarks.jar MlpBenchmark -f 1 -wi 2 -i 3 -rf json -rff /tmp/mlp.json
#        python3 spark-dtrain-bench/mlp-gflops.py /tmp/mlp.json
import json, sys
# GFLOP/s of MlpBenchmark's two scores (JMH -rf json), from the gemm flops of one step (2 m n k per product)
def flops(layers, batch):
    s = [int(x) for x in layers.split(',')]
    f = 0
    for l in range(1, len(s)):
        f += 2 * 2 * s[l-1] * s[l] * batch + (2 * s[l-1] * s[l] * batch if l > 1 else 0)
    return f
res = {}
for r in json.load(open(sys.argv[1])):
    p = r['params']; name = r['benchmark'].split('.')[-1]
    m = r['primaryMetric']
    res[(p['layers'], int(p['batch']), name)] = (m['score'], m['scoreError'])
print('| layers | batch | gemm GFLOP per step | forwardBackward us | dgemmOnly us | forwardBackward GFLOP/s | dgemm GFLOP/s | ratio |')
print('|---|---|---|---|---|---|---|---|')
for (layers, batch, name) in sorted(res):
    if name != 'forwardBackward': continue
    fb, fbe = res[(layers, batch, 'forwardBackward')]; dg, dge = res[(layers, batch, 'dgemmOnly')]
    f = flops(layers, batch)
    print(f'| {layers} | {batch} | {f/1e9:.4f} | {fb:.1f} +- {fbe:.1f} | {dg:.1f} +- {dge:.1f} | {f/fb/1e3:.2f} | {f/dg/1e3:.2f} | {dg/fb:.2f} |')
