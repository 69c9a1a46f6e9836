#!/bin/bash
# like ab.sh, and samples each run's per-thread CPU (OUT.LABEL.rROUND.ticks) and stamps its progress lines
out=$1; rounds=$2; shift 2
dir=$(dirname $0)  # stamp.py and tsamp2.sh sit beside this script
for r in $(seq 1 $rounds); do
  for spec in "$@"; do
    IFS='|' read -r label jar jvm extra <<< "$spec"
    echo "== round $r $label (jvm: $jvm; $extra) load $(cut -d' ' -f1 /proc/loadavg) at $(date -u +%T)" >> $out
    base=$out.$label.r$r
    java $jvm -jar $jar bench --throughput --requests ${REQ:-6000} --repeats 1 --paced-loads 50 --paced-seconds 5 $extra > $base.out 2> >(python3 $dir/stamp.py > $base.stamps) &
    pid=$!
    $dir/tsamp2.sh $pid $base.ticks 2>/dev/null
    wait $pid
    grep -E 'saturated|CPU|paced' $base.out >> $out
  done
done
echo DONE >> $out
