#!/usr/bin/env python3
"""Time from exec to the first `200` from /readyz, measured without shell polling.

usage: ready_time.py LATCHKEYD [runs]
Prints the median over `runs` (default 5) starts with an empty data directory
(migrations, server key, bootstrap secret) and with an existing one.
"""
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def ready_ms(binary, data_dir):
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary, 'serve', '--listen', '127.0.0.1:0', '--data-dir', data_dir,
                             '--set', 'log.access_log=false'],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = proc.stdout.readline().decode()
        host, port = line.strip().rsplit('//', 1)[1].split(':')
        while True:
            with socket.create_connection((host, int(port))) as s:
                s.sendall(b'GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
                if s.recv(64).startswith(b'HTTP/1.1 200'):
                    return (time.perf_counter() - t0) * 1000
            time.sleep(0.001)
    finally:
        proc.terminate()
        proc.wait()


def main():
    binary = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    empty, existing = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as d:
            empty.append(ready_ms(binary, d))
            existing.append(ready_ms(binary, d))
    print('%.0f %.0f' % (statistics.median(empty), statistics.median(existing)))


if __name__ == '__main__':
    main()
