#!/usr/bin/env python3
"""Stamps the one version into every manifest that must carry it.

The version is written once, in Cargo.toml's [workspace.package]. The Rust
crates inherit it; maturin reads it for the Python package; this script
writes it into the npm manifest (and its per-platform optionalDependencies),
the Maven coordinates of dev.loginkit:loginkit wherever they appear (POMs and
the install snippets of the READMEs) and the workspace's path dependency on
the core. Go has no manifest version: a release is the tag
bindings-go/v<version>.

Usage: stamp-version.py          rewrite the files that differ
       stamp-version.py --check  list the files that differ, exit 1 if any
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def workspace_version() -> str:
    text = (ROOT / "Cargo.toml").read_text()
    section = re.search(r"^\[workspace\.package\]\n(.*?)(?=^\[|\Z)", text, re.S | re.M)
    found = section and re.search(r'^version = "([^"]+)"', section.group(1), re.M)
    if not found:
        sys.exit("stamp-version: no version in [workspace.package] of Cargo.toml")
    return found.group(1)


def stamp_package_json(text: str, version: str) -> str:
    manifest = json.loads(text)
    manifest["version"] = version
    for name in manifest.get("optionalDependencies", {}):
        if name.startswith("loginkit-"):
            manifest["optionalDependencies"][name] = version
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


# dev.loginkit:loginkit as a POM dependency or project, and as a Gradle/Maven
# coordinate in prose.
POM_COORDINATES = re.compile(
    r"(<groupId>dev\.loginkit</groupId>\s*<artifactId>loginkit</artifactId>\s*<version>)[^<]+(</version>)")
GRADLE_COORDINATES = re.compile(r"(dev\.loginkit:loginkit:)[0-9][0-9A-Za-z.+-]*")
CARGO_CORE_DEPENDENCY = re.compile(r'^(loginkit = \{ path = "core", version = ")[^"]+(")', re.M)


def stamp_text(text: str, version: str) -> str:
    text = POM_COORDINATES.sub(lambda m: m.group(1) + version + m.group(2), text)
    text = GRADLE_COORDINATES.sub(lambda m: m.group(1) + version, text)
    return CARGO_CORE_DEPENDENCY.sub(lambda m: m.group(1) + version + m.group(2), text)


def targets() -> list[Path]:
    found = [ROOT / "Cargo.toml", ROOT / "bindings-node/package.json", ROOT / "bindings-jvm/consumer/build.gradle"]
    for pattern in ("README.md", "*/README.md", "examples/*/README.md", "bindings-jvm/**/pom.xml", "examples/*/pom.xml"):
        found += [p for p in ROOT.glob(pattern) if "target" not in p.parts and "node_modules" not in p.parts]
    return sorted(set(found))


def main() -> int:
    check = "--check" in sys.argv[1:]
    version = workspace_version()
    stale = []
    for path in targets():
        text = path.read_text()
        stamped = stamp_package_json(text, version) if path.name == "package.json" else stamp_text(text, version)
        if stamped != text:
            stale.append(path.relative_to(ROOT))
            if not check:
                path.write_text(stamped)
    verb = "differ from" if check else "stamped with"
    for path in stale:
        print(f"{path}: {verb} version {version}")
    if not stale:
        print(f"every manifest carries version {version}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
