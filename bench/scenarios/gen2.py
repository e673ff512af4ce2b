"""Part of bench/diagnosis.sh: writes realistic scenarios (with their expected top cause) that the
sample scenarios do not cover, into bench-data/scenarios. Not run by the tests: the files are large."""
import os
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_BASE = os.path.join(ROOT, "bench-data", "scenarios")
import gzip, json, os, random, re
from datetime import timedelta, datetime, timezone
import importlib.util
spec = importlib.util.spec_from_file_location("g", os.path.join(ROOT, "sample-logs", "generate.py"))
g = importlib.util.module_from_spec(spec); spec.loader.exec_module(g)
OUT=os.path.join(OUT_BASE, "out2"); os.makedirs(OUT, exist_ok=True)
EXP=json.load(open(os.path.join(OUT_BASE, 'expect.json')))
def rd(p):
    op = gzip.open if p.endswith('.gz') else open
    with op(p,'rt') as f: return f.read().splitlines()
def wr(d, name, lines):
    os.makedirs(os.path.join(OUT,d), exist_ok=True)
    open(os.path.join(OUT,d,name),'w').write("\n".join(lines)+"\n")
src=os.path.join(ROOT, 'sample-logs', 'nginx-upstream-down') + '/'
acc=rd(src+'access.log.gz'); err=rd(src+'error.log.gz')
# V1 filebeat envelopes, mixed in one file
fb=[json.dumps({"@timestamp":"2026-03-14T12:00:00.000Z","message":l,"log":{"file":{"path":"/var/log/nginx/access.log"}},"host":{"name":"edge-1"}}) for l in acc]
fb+=[json.dumps({"@timestamp":"2026-03-14T12:00:00.000Z","message":l,"log":{"file":{"path":"/var/log/nginx/error.log"}},"host":{"name":"edge-1"}}) for l in err]
random.Random(3).shuffle(fb)
wr('v1-filebeat-mixed','filebeat.ndjson',fb); EXP['v1-filebeat-mixed']={"cause":"UPSTREAM_DOWN","targets":None}
# V1b fluent bit
wr('v1b-fluentbit','fb.json',[json.dumps({"date":1773480000.0,"log":l,"stream":"stdout"}) for l in acc]+[json.dumps({"date":1773480000.0,"log":l}) for l in err]); EXP['v1b-fluentbit']={"cause":"UPSTREAM_DOWN","targets":None}
# V2 access +0200, error log local time +2h
def shift_acc(l):
    m=re.search(r'\[(\d\d/\w\w\w/\d{4}:\d\d:\d\d:\d\d) \+0000\]',l)
    t=datetime.strptime(m.group(1),'%d/%b/%Y:%H:%M:%S')+timedelta(hours=2)
    return l.replace(m.group(0),'['+t.strftime('%d/%b/%Y:%H:%M:%S')+' +0200]')
def shift_err(l):
    t=datetime.strptime(l[:19],'%Y/%m/%d %H:%M:%S')+timedelta(hours=2)
    return t.strftime('%Y/%m/%d %H:%M:%S')+l[19:]
wr('v2-zone','access.log',[shift_acc(l) for l in acc]); wr('v2-zone','error.log',[shift_err(l) for l in err]); EXP['v2-zone']={"cause":"UPSTREAM_DOWN","targets":None}
# V3 access only
wr('v3-access-only','access.log',acc); EXP['v3-access-only']={"cause":"UPSTREAM_DOWN","targets":None}
# V4 access only, connect timeouts on one peer
r=random.Random(9); out=[]; conn=1
host="pay.example.net"; peers=["10.0.5.3:80","10.0.5.4:80"]
for t in g.traffic(r, g.T0, 1800, 5):
    conn+=1; c=g.client(r); p=r.choice(g.PATHS); m=r.choice(["GET","POST"])
    peer=r.choice(peers)
    if g.T0+timedelta(minutes=10)<=t<g.T0+timedelta(minutes=16) and peer==peers[0] and m=="POST":
        out.append(g.nginx_upstream_line(t,c,m,p,502,5.002,[(peer,502,"-","-","5.001")],host,conn))
    else:
        out.append(g.nginx_upstream_line(t,c,m,p,200,0.05,[g.ok_try(r,peer)],host,conn))
wr('v4-connect-timeouts','access.log',out); EXP['v4-connect-timeouts']={"cause":"NETWORK","targets":["10.0.5.3:80"]}
# V5 classic ELB backend down
r=random.Random(12); out=[]
for t in g.traffic(r, g.T0, 1800, 6):
    be="10.0.1.%d:80"%r.randint(10,12)
    if g.T0+timedelta(minutes=8)<=t<g.T0+timedelta(minutes=13) and be=="10.0.1.12:80":
        out.append('%s www-elb 192.0.2.%d:%d %s 0.000041 -1 -1 502 0 0 0 "GET http://www.example.com:80/x HTTP/1.1" "%s" - -' % (g.iso(t), r.randint(2,250), 40000+r.randint(0,9999), be, g.UAS[0]))
    else:
        x=r.lognormvariate(0,0.3)*0.04
        out.append('%s www-elb 192.0.2.%d:%d %s 0.000041 %.6f 0.000022 200 200 0 4096 "GET http://www.example.com:80/p HTTP/1.1" "%s" - -' % (g.iso(t), r.randint(2,250), 40000+r.randint(0,9999), be, x, g.UAS[0]))
wr('v5-elb-down','elb.log',out); EXP['v5-elb-down']={"cause":"UPSTREAM_DOWN","targets":["10.0.1.12:80"]}
# V6 combined format (no upstream fields) + error log
def to_combined(l):
    return re.sub(r' rt=.*$','',l)
wr('v6-combined','access.log',[to_combined(l) for l in acc]); wr('v6-combined','error.log',err); EXP['v6-combined']={"cause":"UPSTREAM_DOWN","targets":None}
json.dump(EXP, open(os.path.join(OUT_BASE, 'expect.json'),'w'), indent=1)
