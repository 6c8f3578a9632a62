#!/usr/bin/env python3
"""Runs a command under a pseudo-terminal and answers its prompts, the way a
person at a terminal would (the heroku CLI hides password input and needs a TTY).

usage: pty_run.py [--timeout S] [--expect REGEX --send TEXT]... -- CMD [ARGS...]

Each --expect waits (in order) for REGEX in the output seen so far since the
previous match, then types TEXT followed by Enter. The child's whole output is
printed to stdout at the end; the exit status is the child's.
"""
import os
import pty
import re
import select
import sys
import time


def main(argv):
    timeout = 60.0
    steps = []
    i = 0
    while i < len(argv) and argv[i] != '--':
        if argv[i] == '--timeout':
            timeout = float(argv[i + 1]); i += 2
        elif argv[i] == '--expect':
            steps.append([argv[i + 1], None]); i += 2
        elif argv[i] == '--send':
            steps[-1][1] = argv[i + 1]; i += 2
        else:
            raise SystemExit('bad argument ' + argv[i])
    cmd = argv[i + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    out = b''
    cursor = 0
    deadline = time.time() + timeout
    step = 0
    while True:
        if time.time() > deadline:
            os.kill(pid, 9)
            sys.stdout.write(out.decode('utf-8', 'replace'))
            sys.stdout.write('\n[pty_run: timeout waiting for %r]\n' % (steps[step][0] if step < len(steps) else 'exit'))
            return 124
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                data = b''
            if not data:
                break
            out += data
        if step < len(steps):
            m = re.search(steps[step][0].encode(), out[cursor:])
            if m:
                cursor += m.end()
                time.sleep(0.15)  # the CLI reads prompts line by line
                os.write(fd, steps[step][1].encode() + b'\r')
                step += 1
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(out.decode('utf-8', 'replace'))
    return os.waitstatus_to_exitcode(status)


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
