#!/usr/bin/env python3
"""Sets up N bridged calls in a running rtpengine over its ng control protocol (bencode over UDP) and
writes the ports file rtpload reads: "<index> <rtpengine port facing leg A> <port facing leg B>".

Leg A (caller) offers 127.0.0.1:<a_base + i % sockets>, leg B (callee) answers 127.0.0.1:<b_base + ...>,
exactly as RelayBench does for the Switchboard relay, so rtpload drives both the same way.

usage: rtpengine_calls.py NG_PORT N A_BASE B_BASE SOCKETS PORTS_FILE
"""
import os
import re
import socket
import sys


def bencode(value):
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, list):
        return b"l" + b"".join(bencode(v) for v in value) + b"e"
    if isinstance(value, dict):
        return b"d" + b"".join(bencode(k) + bencode(value[k]) for k in sorted(value)) + b"e"
    raise TypeError(value)


def bdecode(data, i=0):
    c = data[i:i + 1]
    if c == b"i":
        end = data.index(b"e", i)
        return int(data[i + 1:end]), end + 1
    if c == b"l":
        i += 1
        out = []
        while data[i:i + 1] != b"e":
            v, i = bdecode(data, i)
            out.append(v)
        return out, i + 1
    if c == b"d":
        i += 1
        out = {}
        while data[i:i + 1] != b"e":
            k, i = bdecode(data, i)
            v, i = bdecode(data, i)
            out[k.decode()] = v
        return out, i + 1
    colon = data.index(b":", i)
    n = int(data[i:colon])
    return data[colon + 1:colon + 1 + n], colon + 1 + n


def sdp(port):
    return ("v=0\r\no=gen 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            "m=audio %d RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\n"
            "a=ptime:20\r\na=sendrecv\r\n" % port)


def main():
    ng_port, n, a_base, b_base, sockets, ports_file = sys.argv[1:7]
    n, a_base, b_base, sockets = int(n), int(a_base), int(b_base), int(sockets)
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    target = ("127.0.0.1", int(ng_port))
    cookie = 0

    def command(msg):
        nonlocal cookie
        cookie += 1
        s.sendto(b"%d " % cookie + bencode(msg), target)
        while True:
            data, _ = s.recvfrom(65536)
            got, _, body = data.partition(b" ")
            if int(got) == cookie:
                reply, _ = bdecode(body)
                if reply.get("result") != b"ok":
                    raise SystemExit("rtpengine: %r" % reply)
                return reply

    lines = []
    port_re = re.compile(rb"m=audio (\d+) ")
    for i in range(n):
        call = "call-%d" % i
        k = i % sockets
        offer = command({"command": "offer", "call-id": call, "from-tag": "a%d" % i, "sdp": sdp(a_base + k),
                         "replace": ["origin", "session-connection"]})
        towards_b = int(port_re.search(offer["sdp"]).group(1))
        answer = command({"command": "answer", "call-id": call, "from-tag": "a%d" % i, "to-tag": "b%d" % i,
                          "sdp": sdp(b_base + k), "replace": ["origin", "session-connection"]})
        towards_a = int(port_re.search(answer["sdp"]).group(1))
        lines.append("%d %d %d" % (i, towards_a, towards_b))
    tmp = ports_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.rename(tmp, ports_file)
    print("rtpengine_ready calls=%d" % n)


if __name__ == "__main__":
    main()
