#!/usr/bin/python3
"""tests/qrexec-call.py SOCKET DESCFILE [CMD ARG...]

Call a socket-based qrexec service the way qrexec does: connect to the
Unix socket SOCKET, write the bytes of DESCFILE (the service descriptor,
NUL included when the file has one), then run CMD with its standard
input and output both on the connection, and exit with CMD's status.
Without CMD nothing more is written: what the service sends back is
copied to standard output until it closes the connection (exit 0). A
service that closes with bytes of ours still unread makes Linux report
ECONNRESET after its last byte: that counts as the end here too.
"""
import os
import socket
import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    with open(sys.argv[2], "rb") as f:
        desc = f.read()
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    s.sendall(desc)
    if len(sys.argv) == 3:
        while True:
            try:
                b = s.recv(65536)
            except ConnectionResetError:
                return 0
            if not b:
                return 0
            os.write(1, b)
    # The child gets its own copies of the connection; ours is closed so
    # that the service's end of file and close reach the child alone.
    p = subprocess.Popen(sys.argv[3:], stdin=s.fileno(), stdout=s.fileno())
    s.close()
    return p.wait()


if __name__ == "__main__":
    sys.exit(main())
