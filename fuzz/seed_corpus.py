#!/usr/bin/env python3
"""Writes the seed corpus for every fuzz target from the conformance cases,
so the fuzzers start from every shape the suite knows. Run once; the
fuzzers then add what they find and `cargo fuzz cmin` keeps it small."""
import hashlib, json, pathlib
root = pathlib.Path(__file__).resolve().parent
cases = [c for f in sorted((root.parent / "conformance/cases").glob("*.json")) for c in json.loads(f.read_text())["cases"]]
seeds: dict[str, set[str]] = {t: set() for t in ["validate_redirect_uri", "redirect_uri_matches", "authorization_url", "logout_url", "parse_callback", "state_and_pkce", "registration_vs_matching"]}
for c in cases:
    i = c["input"]
    if c["op"] == "validate_redirect_uri":
        seeds["validate_redirect_uri"].add(i["uri"])
    elif c["op"] == "redirect_uri_matches":
        seeds["redirect_uri_matches"].add(i["registered"] + "\n" + i["candidate"])
        seeds["registration_vs_matching"].add(i["registered"] + "\n" + i["candidate"])
    elif c["op"] == "authorization_url":
        o = i.get("options") or {}
        extra = (o.get("extra_params") or [[None, None]])
        extra = "=".join(extra[0]) if isinstance(extra, list) and extra and extra[0][0] else ""
        seeds["authorization_url"].add("\n".join([i.get("env_url") or "", i.get("client_id") or "", i.get("redirect_uri") or "",
            " ".join(o.get("scopes") or []), o.get("state") or "", o.get("prompt") or "", o.get("login_hint") or "", extra]))
    elif c["op"] == "logout_url":
        o = i.get("options") or {}
        seeds["logout_url"].add("\n".join([i.get("env_url") or "", o.get("id_token_hint") or "", o.get("post_logout_redirect_uri") or "", o.get("state") or ""]))
    elif c["op"] == "parse_callback":
        seeds["parse_callback"].add((i.get("expected_state") or "") + "\n" + (i.get("callback") or ""))
    elif c["op"] == "pkce_challenge":
        seeds["state_and_pkce"].add("x\n" + (i.get("verifier") or i.get("code_verifier") or ""))
seeds["state_and_pkce"] |= {"abc\nabc", "\n", "abc\nabd"}
for target, values in seeds.items():
    folder = root / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    for v in values:
        data = v.encode()
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(target, len(values))
