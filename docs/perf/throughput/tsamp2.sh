#!/bin/bash
# tsamp2.sh PID OUT : every second, per-thread utime+stime (ticks) with name; no forks per thread
pid=$1; out=$2
while kill -0 $pid 2>/dev/null; do
  printf -v t '%(%H:%M:%S)T' -1
  for d in /proc/$pid/task/*; do
    read -r line < $d/stat 2>/dev/null || continue
    read -r name < $d/comm 2>/dev/null
    rest=${line##*) }
    set -- $rest
    echo "$t ${d##*/} $((${12}+${13})) $name"
  done >> $out
  sleep 1
done
