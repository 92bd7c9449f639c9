"""Run localstripe on 127.0.0.1 on a free port and print the port (a test helper script).

localstripe's own command listens on every interface and pickles its whole store to
/tmp/localstripe.pickle after each write, a file every concurrent test run would share;
here it listens on loopback only and keeps its store in memory.
"""

import socket

from aiohttp import web
from localstripe import resources, server


def main() -> None:
    resources.Store.dump_to_disk = lambda self: None
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    # Listening before the port is announced: a first request made while aiohttp is still
    # starting waits in the backlog instead of being refused (seen on a loaded machine).
    listener.listen(128)
    print(listener.getsockname()[1], flush=True)
    web.run_app(server.app, sock=listener, print=None, access_log=None)


if __name__ == "__main__":
    main()
