#!/bin/bash
# abs.sh OUTDIR ROUNDS label=jar ... : 20000x8 x5 per process, alternating; stderr+stdout+thread ticks kept
out=$1; rounds=$2; shift 2; mkdir -p $out
for r in $(seq 1 $rounds); do
  for spec in "$@"; do
    label=${spec%%=*}; jar=${spec#*=}; base=$out/$label.r$r
    echo "== round $r $label load $(cut -d' ' -f1-3 /proc/loadavg) $(date +%H:%M:%S)" >> $out/log
    java -jar $jar bench --throughput --requests ${REQ:-20000} --repeats ${REP:-5} --paced-loads 50 --paced-seconds 10 > $base.out 2> $base.err &
    bp=$!; sleep 2
    pid=$(pgrep -f "bench --throughput" | head -1)
    bash /work/main/docs/perf/throughput/tsamp2.sh $pid $base.ticks &
    seen=""
    while kill -0 $bp 2>/dev/null; do
      for l in $(tr '\r' '\n' < $base.err | grep -o "run [0-9]*/[0-9]*:" | tr -d ' :'); do
        case " $seen " in *" $l "*) ;; *) seen="$seen $l"; echo "$(date +%H:%M:%S) $l" >> $base.stamps;; esac
      done
      sleep 1
    done
    tr '\r' '\n' < $base.err | grep "throughput: run" >> $out/log
    cat $base.out >> $out/log
  done
done
echo DONE >> $out/log
