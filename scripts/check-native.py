#!/usr/bin/env python3
"""Checks the native code inside release artifacts: architecture, libc, glibc floor.

Usage: check-native.py --arch {x86_64,aarch64} --libc {gnu,musl} [--glibc-floor 2.17] FILE...

FILE is a shared library (.so, .node), a static library (.a), or an archive
holding them (.whl, .jar, .zip, .tgz, .tar.gz). For every native file inside,
it prints the ELF machine, the libc it was linked for and the newest GLIBC
symbol version it needs, and fails when any of them is not what the
artifact's name promises. It reads ELF with `readelf`, which handles every
architecture, so aarch64 files are checked on an x86-64 machine.
"""

import argparse
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

MACHINES = {"x86_64": "Advanced Micro Devices X86-64", "aarch64": "AArch64"}
NATIVE_SUFFIXES = (".so", ".node", ".a", ".dylib", ".dll")


def is_native(name: str) -> bool:
    return name.endswith(NATIVE_SUFFIXES) or ".so." in name


def native_files(path: Path, scratch: Path) -> list[Path]:
    """The native files of an artifact, extracted into scratch when packed."""
    target = scratch / path.name
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if is_native(n)]
            archive.extractall(target, names)
            return [target / n for n in names]
    if path.name.endswith((".tgz", ".tar.gz")):
        with tarfile.open(path) as archive:
            members = [m for m in archive.getmembers() if m.isfile() and is_native(m.name)]
            archive.extractall(target, members, filter="data")
            return [target / m.name for m in members]
    return [path]


def readelf(*args: str) -> str:
    return subprocess.run(["readelf", "-W", *args], capture_output=True, text=True, check=True).stdout


def describe(library: Path) -> tuple[set[str], str, str]:
    """(ELF machines, libc, newest GLIBC version needed or "none")."""
    machines = set(re.findall(r"Machine:\s+(.+)", readelf("-h", str(library))))
    if library.suffix == ".a":
        # A static library carries no libc reference; Go links it into a
        # binary that does.
        return {m.strip() for m in machines}, "static", "none"
    dynamic = readelf("-d", str(library))
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", dynamic)
    versions = readelf("-V", str(library))
    glibc = sorted({tuple(int(p) for p in v.split(".")) for v in re.findall(r"GLIBC_([0-9.]+)", versions)})
    if any("musl" in n for n in needed) or (not glibc and "libc.so.6" not in needed):
        libc = "musl"
    else:
        libc = "gnu"
    newest = ".".join(map(str, glibc[-1])) if glibc else "none"
    return {m.strip() for m in machines}, libc, newest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arch", required=True, choices=sorted(MACHINES))
    parser.add_argument("--libc", required=True, choices=["gnu", "musl"])
    parser.add_argument("--glibc-floor", default="2.17")
    parser.add_argument("files", nargs="+", type=Path)
    options = parser.parse_args()
    floor = tuple(int(p) for p in options.glibc_floor.split("."))
    failed = False
    with tempfile.TemporaryDirectory() as scratch:
        for given in options.files:
            found = native_files(given, Path(scratch))
            if not found:
                print(f"{given.name}: no native file inside: FAIL")
                failed = True
            for library in found:
                machines, libc, newest = describe(library)
                problems = []
                if machines != {MACHINES[options.arch]}:
                    problems.append(f"machine {sorted(machines)} is not {options.arch}")
                if libc not in ("static", options.libc):
                    problems.append(f"linked for {libc}, not {options.libc}")
                if newest != "none" and tuple(int(p) for p in newest.split(".")) > floor:
                    problems.append(f"needs GLIBC_{newest}, newer than {options.glibc_floor}")
                if options.libc == "musl" and newest != "none":
                    problems.append("a musl build needs glibc symbols")
                status = "ok" if not problems else "FAIL: " + "; ".join(problems)
                print(f"{given.name}:{library.name}: {options.arch}/{libc}, newest GLIBC symbol {newest}: {status}")
                failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
