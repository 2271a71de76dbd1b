"""The seed authorization URL per call, in one process and one run:
loginkit, the official scalekit-sdk-python, and urllib.parse.urlencode by
hand; then the import time of `loginkit` against `scalekit`.

Run it with ./run.sh, which installs the official SDK into a separate
virtual environment next to the loginkit wheel.

Each contender builds its client once (as an application does at start-up)
and its options and URL per call (the state changes with every login).
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import timeit
from urllib.parse import urlencode

ENV_URL = "https://acme.scalekit.dev"
CLIENT_ID = "skc_1234567890"
REDIRECT_URI = "https://yourapp.com/auth/callback"
SCOPES = ["openid", "profile", "email", "offline_access"]
STATE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def loginkit_contender():
    import loginkit

    client = loginkit.Client(ENV_URL, CLIENT_ID)

    def build() -> str:
        options = loginkit.AuthorizationUrlOptions(scopes=SCOPES, state=STATE)
        return client.get_authorization_url(REDIRECT_URI, options)

    return build


def official_contender():
    import scalekit
    from scalekit.core import CoreClient

    # The official client's constructor POSTs to {env}/oauth/token before
    # anything else; get_authorization_url itself is local. Replacing that
    # private authenticate step is the smallest change that constructs the
    # client offline; the URL-building code is untouched.
    CoreClient._CoreClient__authenticate_client = lambda self: setattr(self, "access_token", "offline")
    client = scalekit.ScalekitClient(ENV_URL, CLIENT_ID, "offline-secret")

    def build() -> str:
        options = scalekit.AuthorizationUrlOptions()
        options.scopes = SCOPES
        options.state = STATE
        return client.get_authorization_url(REDIRECT_URI, options)

    return build


def urlencode_contender():
    def build() -> str:
        query = urlencode({"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI,
                           "scope": " ".join(SCOPES), "state": STATE})
        return f"{ENV_URL}/oauth/authorize?{query}"

    return build


def per_call(build, number: int = 100_000, repeat: int = 7) -> float:
    build()  # warm up
    return min(timeit.repeat(build, number=number, repeat=repeat)) / number


def import_time(module: str, runs: int = 5) -> float:
    """Median cumulative -X importtime of `module`, in seconds."""
    samples = []
    for _ in range(runs):
        stderr = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                                capture_output=True, text=True, check=True).stderr
        line = [l for l in stderr.splitlines() if re.search(rf"\|\s*{module}$", l)][-1]
        samples.append(int(line.split("|")[1]) / 1e6)
    return statistics.median(samples)


def main() -> None:
    contenders = {"loginkit": loginkit_contender(), "scalekit-sdk-python": official_contender(),
                  "urllib urlencode": urlencode_contender()}
    urls = {name: build() for name, build in contenders.items()}
    times = {name: per_call(build) for name, build in contenders.items()}
    official = times["scalekit-sdk-python"]
    print(f"{'seed authorization URL':<24}{'per call':>12}{'vs official':>14}")
    for name, seconds in times.items():
        print(f"{name:<24}{seconds * 1e6:>10.2f} µs{seconds / official:>13.2f}x")
    print()
    loginkit_import, official_import = import_time("loginkit"), import_time("scalekit")
    print(f"{'import (-X importtime)':<24}{'median':>12}{'vs official':>14}")
    print(f"{'import loginkit':<24}{loginkit_import * 1e3:>9.1f} ms{loginkit_import / official_import:>13.3f}x")
    print(f"{'import scalekit':<24}{official_import * 1e3:>9.1f} ms{1:>13.3f}x")
    print()
    for name, url in urls.items():
        print(f"{name}: {url}")


if __name__ == "__main__":
    main()
