#!/bin/bash
# usage: ab.sh OUT rounds "label|jar|jvm opts|bench extra" ...   (env REQ, default 6000)
out=$1; rounds=$2; shift 2
for r in $(seq 1 $rounds); do
  for spec in "$@"; do
    IFS='|' read -r label jar jvm extra <<< "$spec"
    echo "== round $r $label (jvm: $jvm; $extra) load $(cut -d' ' -f1 /proc/loadavg) at $(date -u +%T)" >> $out
    java $jvm -jar $jar bench --throughput --requests ${REQ:-6000} --repeats 1 --paced-loads 50 --paced-seconds 5 $extra 2>/dev/null | grep -E 'saturated|CPU|paced' >> $out
  done
done
echo DONE >> $out
