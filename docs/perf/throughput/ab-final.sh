#!/bin/bash
# ab-final.sh OUTDIR ROUNDS 'label|java args' ... : one bench process per variant, alternating, ROUNDS rounds.
# Each variant's whole command line is given, so the old jar can be run with more repeats as its warm-up.
out=$1; rounds=$2; shift 2; mkdir -p $out
for r in $(seq 1 $rounds); do
  for spec in "$@"; do
    label=${spec%%|*}; args=${spec#*|}; base=$out/$label.r$r
    echo "== round $r $label load $(cut -d' ' -f1-3 /proc/loadavg) $(date +%H:%M:%S): java $args" >> $out/log
    /usr/bin/time -f "elapsed %e s, max RSS %M KB" java $args > $base.out 2> $base.err
    tr '\r' '\n' < $base.err | grep -E "throughput: (warm-up|run|the JIT)|elapsed" >> $out/log
    cat $base.out >> $out/log
  done
done
echo DONE >> $out/log
