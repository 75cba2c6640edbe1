"""Records every command a Redis receives (MONITOR) until one carries the marker, then exits.
Prints "ready" once MONITOR is on, then the monitor lines, flushed as they come.

usage: monitor.py PORT MARKER
"""
import socket
import sys

port, marker = int(sys.argv[1]), sys.argv[2]
connection = socket.create_connection(("127.0.0.1", port), timeout=60)
connection.sendall(b"MONITOR\r\n")
buffer = b""
while True:
    chunk = connection.recv(65536)
    if not chunk:
        break
    buffer += chunk
    *lines, buffer = buffer.split(b"\r\n")
    for line in lines:
        text = line.decode("utf-8", "replace")
        print("ready" if text == "+OK" else text, flush=True)
        if marker in text:
            sys.exit(0)
