import sys, time, datetime
buf=b''
while True:
    c=sys.stdin.buffer.read(1)
    if not c: break
    if c in b'\r\n':
        s=buf.decode(errors='replace')
        if 'throughput:' in s: print(datetime.datetime.utcnow().strftime('%H:%M:%S.%f')[:-3], s, flush=True)
        buf=b''
    else: buf+=c
