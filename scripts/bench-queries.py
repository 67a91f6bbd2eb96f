#!/usr/bin/env python3
"""Writes a dnsperf query file in its binary form (-B: each query a 2-byte length, then the DNS message), so that
every query can carry its own EDNS Client Subnet, which dnsperf's text form cannot.

  scripts/bench-queries.py KIND COUNT FILE

KIND is one of
  static    the static name ns1.gslb.example A, ECS 198.51.100.0/24 on every query
  nxdomain  a different name that does not exist on every query (nx-<n>.gslb.example A), the same ECS
  geo       the GSLB name www.gslb.example A, ECS from varied client subnets: the demo database's networks of each
            region and family, and /24s it does not list
"""
import random
import struct
import sys


def name(text):
    out = b""
    for label in text.rstrip(".").split("."):
        out += bytes([len(label)]) + label.encode("ascii")
    return out + b"\0"


def subnet_option(address, prefix):
    if ":" in address:
        family, raw = 2, ipv6(address)
    else:
        family, raw = 1, bytes(int(part) for part in address.split("."))
    raw = raw[: (prefix + 7) // 8]
    data = struct.pack("!HBB", family, prefix, 0) + raw
    return struct.pack("!HH", 8, len(data)) + data


def ipv6(address):
    head, _, tail = address.partition("::")
    groups = [g for g in head.split(":") if g] + ["0"] * 8
    groups = groups[:8]
    if tail:
        tail_groups = tail.split(":")
        groups = groups[: 8 - len(tail_groups)] + tail_groups
    return b"".join(struct.pack("!H", int(g, 16)) for g in groups)


def query(qname, subnet):
    header = struct.pack("!HHHHHH", 0, 0, 1, 0, 0, 1)
    question = name(qname) + struct.pack("!HH", 1, 1)
    options = subnet_option(*subnet)
    opt = b"\0" + struct.pack("!HHIH", 41, 1232, 0, len(options)) + options
    return header + question + opt


def main():
    kind, count, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(1)
    resolver = ("198.51.100.0", 24)
    places = [("192.0.2.0", 25), ("198.51.100.0", 24), ("203.0.113.0", 24), ("192.0.2.128", 26),
              ("192.0.2.192", 26), ("2001:db8:e000::", 48), ("2001:db8:a000::", 48), ("2001:db8:b000::", 48),
              ("2001:db8:c000::", 48), ("2001:db8:d000::", 48)]
    with open(path, "wb") as out:
        for n in range(count):
            if kind == "static":
                message = query("ns1.gslb.example", resolver)
            elif kind == "nxdomain":
                message = query("nx-%d.gslb.example" % n, resolver)
            elif kind == "geo":
                if n % 2 == 0:
                    subnet = places[(n // 2) % len(places)]
                else:  # a /24 the database does not list
                    subnet = ("100.%d.%d.0" % (64 + rng.randrange(64), rng.randrange(256)), 24)
                message = query("www.gslb.example", subnet)
            else:
                sys.exit("unknown kind " + kind)
            out.write(struct.pack("!H", len(message)) + message)


if __name__ == "__main__":
    main()
