import sys, collections, re, datetime
# shares.py PREFIX LABEL rounds : sums per-thread-group CPU over each run's saturated window
pre,label,rounds=sys.argv[1],sys.argv[2],int(sys.argv[3])
def groups(name):
    if name.startswith('C2 Compiler') or name=='': return 'JIT C2'
    if name.startswith('C1 Compiler'): return 'JIT C1'
    if name.startswith('blendstream-ass'): return 'assembly stream thread'
    if name.startswith('blendstream-ble'): return 'blending stream thread'
    if name.startswith('data-plane-kafk'): return 'broker request handlers + network'
    if name.startswith('kafka-producer-'): return 'producer I/O threads (Streams + bench)'
    if name.startswith('GC Thread') or name.startswith('G1'): return 'GC'
    if name.startswith('throughput-') : return 'bench clients'
    return 'other (coordinators, txn markers, admin, JFR, VM)'
tot=collections.Counter(); reqs=0
for r in range(1,rounds+1):
    base=f'{pre}.{label}.r{r}'
    st=[l for l in open(base+'.stamps') if 'run 1/1' in l][0]
    end=st[:8]; rate=float(re.search(r'run 1/1: (\d+) requests/s',st).group(1))
    n=int(sys.argv[4]) if len(sys.argv)>4 else 6000
    t_end=datetime.datetime.strptime(end,'%H:%M:%S'); t_start=t_end-datetime.timedelta(seconds=n/rate)
    a=t_start.strftime('%H:%M:%S'); b=end
    snap=collections.defaultdict(dict); names={}
    for l in open(base+'.ticks'):
        p=l.rstrip('\n').split(' ',3)
        if len(p)<3: continue
        if len(p)==3: p.append('')
        t,tid,ticks,name=p; snap[t][tid]=int(ticks); names[tid]=name or names.get(tid,'')
    ts=sorted(snap); ta=min(x for x in ts if x>=a); tb=max(x for x in ts if x<=b)
    for tid,v in snap[tb].items():
        tot[groups(names[tid])]+=v-snap[ta].get(tid,0)
s=sum(tot.values())
print(label, 'CPU s in windows', s/100)
for k,v in tot.most_common(): print(f'  {v*100/s:5.1f}%  {k}')
