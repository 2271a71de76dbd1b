#!/usr/bin/env python3
"""A read-only npm registry on 127.0.0.1 made of one directory of tarballs.

Usage: npm-registry.py DIR PORT_FILE LOG_FILE

Serves, for every `*.tgz` in DIR (as `npm pack` names them), the packument
at `/<name>` (every version's package.json plus `dist.tarball`,
`dist.integrity` (sha512) and `dist.shasum`, the fields npm checks) and the
tarball at `/<name>/-/<file>`. Anything else is a 404, so an install that
needs a package the directory does not hold fails instead of reaching
another registry. The chosen port is written to PORT_FILE once the server
listens; every request goes to LOG_FILE, so a check can prove which
tarballs npm downloaded.
"""

import base64
import hashlib
import json
import sys
import tarfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote


def load(directory: Path, base: str) -> tuple[dict[str, dict], dict[str, Path]]:
    """(packuments by name, tarball files by URL path)."""
    packuments: dict[str, dict] = {}
    tarballs: dict[str, Path] = {}
    for tgz in sorted(directory.glob("*.tgz")):
        data = tgz.read_bytes()
        with tarfile.open(tgz) as archive:
            member = archive.extractfile("package/package.json")
            if member is None:
                raise SystemExit(f"{tgz}: no package/package.json")
            manifest = json.load(member)
        name, version = manifest["name"], manifest["version"]
        path = f"/{name}/-/{tgz.name}"
        tarballs[path] = tgz
        manifest["_id"] = f"{name}@{version}"
        manifest["dist"] = {
            "tarball": base + path,
            "integrity": "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode(),
            "shasum": hashlib.sha1(data).hexdigest(),
        }
        packument = packuments.setdefault(name, {"name": name, "dist-tags": {}, "versions": {}})
        if version in packument["versions"]:
            raise SystemExit(f"{tgz}: {name}@{version} twice in {directory}")
        packument["versions"][version] = manifest
        # One version per package in a release directory; the last one
        # sorted is "latest" otherwise, which is enough for a check.
        packument["dist-tags"]["latest"] = version
    return packuments, tarballs


def main() -> None:
    directory, port_file, log_file = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    log = log_file.open("a", buffering=1)
    state: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = unquote(self.path.split("?", 1)[0])
            if path in state["tarballs"]:
                body, kind = state["tarballs"][path].read_bytes(), "application/octet-stream"
            elif path.lstrip("/") in state["packuments"]:
                body, kind = json.dumps(state["packuments"][path.lstrip("/")]).encode(), "application/json"
            else:
                body, kind = b'{"error":"not found"}', "application/json"
                self.send_response(404)
                self._finish(body, kind)
                return
            self.send_response(200)
            self._finish(body, kind)

        def _finish(self, body: bytes, kind: str) -> None:
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            log.write(f"{self.command} {self.path} {args[1] if len(args) > 1 else ''}\n")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    state["packuments"], state["tarballs"] = load(directory, f"http://127.0.0.1:{port}")
    port_file.write_text(str(port))
    server.serve_forever()


if __name__ == "__main__":
    main()
