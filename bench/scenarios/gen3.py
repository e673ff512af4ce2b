"""Part of bench/diagnosis.sh: writes realistic scenarios (with their expected top cause) that the
sample scenarios do not cover, into bench-data/scenarios. Not run by the tests: the files are large."""
import os
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_BASE = os.path.join(ROOT, "bench-data", "scenarios")
import json, os, random
from datetime import timedelta
import importlib.util
spec = importlib.util.spec_from_file_location("g", os.path.join(ROOT, "sample-logs", "generate.py"))
g = importlib.util.module_from_spec(spec); spec.loader.exec_module(g)
OUT=os.path.join(OUT_BASE, "out3")
EXP=json.load(open(os.path.join(OUT_BASE, 'expect.json')))
def wr(d, name, lines):
    os.makedirs(os.path.join(OUT,d), exist_ok=True)
    open(os.path.join(OUT,d,name),'w').write("\n".join(lines)+"\n")
T0=g.T0; td=lambda **k: timedelta(**k)
def jline(t, c, m, p, st, rt, ua, us, uct, uht, urt, host, conn, upg=""):
    return json.dumps({"time_iso8601": t.strftime("%Y-%m-%dT%H:%M:%S+00:00"), "remote_addr": c, "request": "%s %s HTTP/1.1" % (m, p), "status": str(st), "request_time": "%.3f" % rt,
        "upstream_addr": ua, "upstream_status": us, "upstream_connect_time": uct, "upstream_header_time": uht, "upstream_response_time": urt, "host": host, "connection": str(conn), "http_upgrade": upg, "http_user_agent": "Mozilla/5.0"})
# V9 JSON upstream down with error log
r=random.Random(31); acc=[]; err=[]; conn=900; host="orders.example.com"; peers=["10.8.0.4:7000","10.8.0.5:7000","10.8.0.6:7000"]
for t in g.traffic(r,T0,2400,7):
    conn+=1; c=g.client(r); p=r.choice(g.PATHS); m="GET"
    if T0+td(minutes=17)<=t<T0+td(minutes=21):
        acc.append(jline(t,c,m,p,502,0.002,", ".join(peers),"502, 502, 502","-, -, -","-, -, -","0.000, 0.000, 0.001",host,conn))
        for pe in peers: err.append(g.nginx_error(t,"error",conn,"connect() failed (111: Connection refused)","connecting to upstream",c,host,m,p,"http://%s%s"%(pe,p)))
    else:
        pe=r.choice(peers); x=r.lognormvariate(0,0.4)*0.05
        acc.append(jline(t,c,m,p,200,x+0.001,pe,"200","0.000","%.3f"%x,"%.3f"%x,host,conn))
wr('v9-json-down','access.json.log',acc); wr('v9-json-down','error.log',err); EXP['v9-json-down']={"cause":"UPSTREAM_DOWN","targets":None}
# V11 JSON websocket upgrade failures
r=random.Random(32); acc=[]; err=[]; conn=100; host="chat.example.com"; peers=["10.9.0.2:8080","10.9.0.3:8080"]
for t in g.traffic(r,T0,2400,6):
    conn+=1; c=g.client(r); pe=r.choice(peers)
    if r.random()<0.3:
        if T0+td(minutes=12)<=t<T0+td(minutes=20):
            acc.append(jline(t,c,"GET","/ws",502,0.003,pe,"502","0.001","-","0.002",host,conn,"websocket"))
            err.append(g.nginx_error(t,"error",conn,"upstream prematurely closed connection","reading response header from upstream",c,host,"GET","/ws","http://%s/ws"%pe))
        else:
            d=r.uniform(5,300)
            acc.append(jline(t,c,"GET","/ws",101,d,pe,"101","0.001","0.002","%.3f"%d,host,conn,"websocket"))
    else:
        x=r.lognormvariate(0,0.4)*0.05
        acc.append(jline(t,c,"GET","/api/rooms",200,x,pe,"200","0.000","%.3f"%x,"%.3f"%x,host,conn))
wr('v11-json-websocket','access.json.log',acc); wr('v11-json-websocket','error.log',err); EXP['v11-json-websocket']={"cause":"WEBSOCKET_UPGRADE","targets":None}
# V12 keepalive race JSON, 6 hours
r=random.Random(33); acc=[]; err=[]; conn=5; host="api.example.net"; peers=["10.7.0.%d:3000"%i for i in range(2,6)]
for t in g.traffic(r,T0,6*3600,6):
    conn+=1; c=g.client(r); pe=r.choice(peers); p=r.choice(g.PATHS); m=r.choice(["GET","POST"])
    if r.random()<0.0007:
        acc.append(jline(t,c,m,p,502,0.001,pe,"502","0.000","-","0.001",host,conn))
        msg = r.choice([("upstream prematurely closed connection",None),("recv() failed (104: Connection reset by peer)",None)])[0]
        err.append(g.nginx_error(t,"error",conn,msg,"reading response header from upstream",c,host,m,p,"http://%s%s"%(pe,p)))
    else:
        x=r.lognormvariate(0,0.4)*0.05
        acc.append(jline(t,c,m,p,200,x,pe,"200","0.000","%.3f"%x,"%.3f"%x,host,conn))
wr('v12-json-keepalive','access.json.log',acc); wr('v12-json-keepalive','error.log',err); EXP['v12-json-keepalive']={"cause":"KEEPALIVE_RACE","targets":None}
# V10 haproxy rolling restart
r=random.Random(34); lines=[]; servers=["s1","s2","s3","s4"]; start=T0+td(minutes=9)
for k,s in enumerate(servers):
    a=start+td(seconds=60*k); b=a+td(seconds=25)
    lines.append((a,'%s lb1 haproxy[2211]: Server be_shop/%s is DOWN, reason: Layer4 connection problem, info: "Connection refused", check duration: 0ms. 3 active and 0 backup servers left. 2 sessions active, 0 requeued, 0 remaining in queue.' % (a.strftime("%b %d %H:%M:%S"), s)))
    lines.append((b,'%s lb1 haproxy[2211]: Server be_shop/%s is UP, reason: Layer4 check passed, check duration: 0ms. 4 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.' % (b.strftime("%b %d %H:%M:%S"), s)))
for t in g.traffic(r,T0,1800,15):
    s=r.choice(servers); k=servers.index(s); a=start+td(seconds=60*k)
    if a-td(seconds=4)<=t<a+td(seconds=3):
        lines.append((t,g.haproxy_line(t,s,"0/0/-1/-1/0",503,"SC--",be="be_shop")))
    elif a-td(seconds=8)<=t<a-td(seconds=4) and r.random()<0.5:
        lines.append((t,g.haproxy_line(t,s,"0/0/0/-1/%d"%r.randint(100,900),502,"SH--",be="be_shop")))
    else:
        x=int(r.lognormvariate(0,0.3)*30); lines.append((t,g.haproxy_line(t,s,"0/0/0/%d/%d"%(x,x+1),200,"----",be="be_shop")))
lines.sort(key=lambda x:x[0])
wr('v10-haproxy-restart','haproxy.log',[l for _,l in lines]); EXP['v10-haproxy-restart']={"cause":"UPSTREAM_RESTART","targets":None}
# V13 nginx overload: latency climbs with load, 504s and slow premature closes
r=random.Random(35); acc=[]; err=[]; conn=1; host="feed.example.com"; peers=["10.6.0.2:8000","10.6.0.3:8000"]
peak=(T0+td(minutes=20),T0+td(minutes=27))
for t in g.traffic(r,T0,2700,0,lambda t: 50.0 if peak[0]<=t<peak[1] else 10.0):
    conn+=1; c=g.client(r); pe=r.choice(peers); p=r.choice(g.PATHS); m="GET"
    if peak[0]<=t<peak[1]:
        u=r.random()
        if u<0.12:
            acc.append(g.nginx_upstream_line(t,c,m,p,504,60.0,[(pe,504,"0.001","-","60.001")],host,conn))
            err.append(g.nginx_error(t,"error",conn,"upstream timed out (110: Connection timed out)","reading response header from upstream",c,host,m,p,"http://%s%s"%(pe,p)))
        elif u<0.2:
            x=r.uniform(8,30)
            acc.append(g.nginx_upstream_line(t,c,m,p,502,x,[(pe,502,"0.001","-","%.3f"%x)],host,conn))
            err.append(g.nginx_error(t,"error",conn,"upstream prematurely closed connection","reading response header from upstream",c,host,m,p,"http://%s%s"%(pe,p)))
        else:
            x=r.lognormvariate(0,0.5)*4
            acc.append(g.nginx_upstream_line(t,c,m,p,200,x,[(pe,200,"0.001","%.3f"%x,"%.3f"%x)],host,conn))
    else:
        acc.append(g.nginx_upstream_line(t,c,m,p,200,0.05,[g.ok_try(r,pe,0.08)],host,conn))
wr('v13-nginx-overload','access.log',acc); wr('v13-nginx-overload','error.log',err); EXP['v13-nginx-overload']={"cause":"UPSTREAM_OVERLOAD","targets":None}
json.dump(EXP, open(os.path.join(OUT_BASE, 'expect.json'),'w'), indent=1)
