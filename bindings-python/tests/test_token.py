"""The token exchange in Python: the constructor's auth options, the sans-IO
calls, authenticate_with_code / refresh_access_token over a fake transport
(the conformance suite's canned answers) and over urllib against local
HTTP servers (bytes moved unchanged, redirects not followed, timeouts and
refused connections as network_error), and secrets kept out of reprs and
messages."""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

import loginkit
from loginkit import Client, HttpRequest, LoginKitError, LoginResult

REPOSITORY = Path(__file__).resolve().parents[2]
SECRET = "test_secret_abc123"
REDIRECT_URI = "https://yourapp.com/auth/callback"
VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"


def case(file: str, case_id: str) -> dict:
    cases = json.loads((REPOSITORY / "conformance" / "cases" / file).read_text("utf-8"))["cases"]
    return next(c for c in cases if c["id"] == case_id)


class Replay:
    """A transport answering with a case's canned responses, recording what it was sent."""

    def __init__(self, responses: list[dict]) -> None:
        self.responses = list(responses)
        self.sent: list[HttpRequest] = []

    def __call__(self, request: HttpRequest) -> tuple[int, str]:
        self.sent.append(request)
        response = self.responses.pop(0)
        return response["status"], response["body"]


def as_json(request: HttpRequest) -> dict:
    return {"method": request.method, "url": request.url, "headers": [list(h) for h in request.headers], "body": request.body}


# --- construction -------------------------------------------------------------


def test_auth_method_defaults_and_choices() -> None:
    assert Client("https://acme.scalekit.dev", "skc_1").token_endpoint_auth_method == "none"
    assert Client("https://acme.scalekit.dev", "skc_1", SECRET).token_endpoint_auth_method == "client_secret_post"
    basic = Client("https://acme.scalekit.dev", "skc_1", SECRET, token_endpoint_auth_method="client_secret_basic")
    assert basic.token_endpoint_auth_method == "client_secret_basic"
    with pytest.raises(LoginKitError) as raised:
        Client("https://acme.scalekit.dev", "skc_1", token_endpoint_auth_method="client_secret_basic")
    assert raised.value.code == "missing_client_secret"
    with pytest.raises(LoginKitError) as raised:
        Client("https://acme.scalekit.dev", "skc_1", SECRET, token_endpoint_auth_method="none")
    assert raised.value.code == "invalid_argument"
    assert SECRET not in str(raised.value)
    with pytest.raises(LoginKitError) as raised:
        Client("https://acme.scalekit.dev", "skc_1", SECRET, token_endpoint_auth_method="Client_Secret_Post")
    assert raised.value.code == "invalid_argument"
    with pytest.raises(TypeError, match="client_secret"):
        Client("https://acme.scalekit.dev", "skc_1", b"secret")
    with pytest.raises(TypeError, match="jwks_refetch_interval"):
        Client("https://acme.scalekit.dev", "skc_1", jwks_refetch_interval=1.5)
    with pytest.raises(ValueError, match="jwks_refetch_interval"):
        Client("https://acme.scalekit.dev", "skc_1", jwks_refetch_interval=-1)


def test_the_secret_is_in_no_repr() -> None:
    client = Client("https://acme.scalekit.dev", "skc_1", SECRET, token_endpoint_auth_method="client_secret_basic")
    assert repr(client) == 'Client(env_url="https://acme.scalekit.dev", client_id="skc_1", token_endpoint_auth_method="client_secret_basic")'
    request = client.authorization_code_request("the-code", REDIRECT_URI, code_verifier=VERIFIER)
    assert any(name == "Authorization" for name, _ in request.headers)
    for text in (repr(client), repr(request)):
        assert SECRET not in text and "Basic" not in text and VERIFIER not in text and "the-code" not in text
    post = Client("https://acme.scalekit.dev", "skc_1", SECRET).refresh_token_request("rt_secret")
    assert SECRET in post.body and SECRET not in repr(post) and "rt_secret" not in repr(post)


# --- sans-IO ------------------------------------------------------------------


def test_token_requests_are_the_cores() -> None:
    data = case("token_request.json", "tokreq.basic-secret-non-ascii")["input"]
    client = Client(data["env_url"], data["client_id"], data["client_secret"], token_endpoint_auth_method=data["auth_method"])
    grant = data["grant"]
    request = client.authorization_code_request(grant["code"], grant["redirect_uri"], code_verifier=grant.get("code_verifier"))
    assert as_json(request) == case("token_request.json", "tokreq.basic-secret-non-ascii")["expect"]
    assert request == client.authorization_code_request(grant["code"], grant["redirect_uri"], code_verifier=grant.get("code_verifier"))
    jwks = client.jwks_request()
    assert (jwks.method, jwks.url, jwks.headers, jwks.body) == ("GET", "https://acme.scalekit.dev/keys", [("Accept", "application/json")], "")
    with pytest.raises(LoginKitError) as raised:
        Client("https://acme.scalekit.dev", "skc_1").authorization_code_request("c", REDIRECT_URI)
    assert raised.value.code == "pkce_required"
    with pytest.raises(LoginKitError) as raised:
        Client("https://acme.scalekit.dev", "skc_1").refresh_token_request("")
    assert raised.value.code == "missing_refresh_token"
    with pytest.raises(LoginKitError) as raised:
        Client("https://acme.scalekit.dev", "skc_1", SECRET).authorization_code_request("c\ud800", REDIRECT_URI)
    assert raised.value.code == "invalid_string"


def test_parse_token_response_and_token_error() -> None:
    tokens = loginkit.parse_token_response(200, '{"access_token":"at_1","token_type":"bearer","expires_in":300,"scope":"openid"}')
    assert (tokens.access_token, tokens.token_type, tokens.expires_in, tokens.refresh_token, tokens.id_token, tokens.scope) == (
        "at_1", "bearer", 300, None, None, "openid")
    assert "at_1" not in repr(tokens)
    with pytest.raises(loginkit.TokenError) as raised:
        loginkit.parse_token_response(400, '{"error":"invalid_grant","error_description":"expired"}')
    error = raised.value
    assert isinstance(error, loginkit.AuthorizationError) and isinstance(error, LoginKitError)
    assert (error.code, error.error, error.error_description, error.error_uri) == ("token_error", "invalid_grant", "expired", None)
    with pytest.raises(LoginKitError) as raised:
        loginkit.parse_token_response(200, '{"access_token":"at_secret_value",')
    assert raised.value.code == "invalid_token_response" and "at_secret_value" not in str(raised.value)
    with pytest.raises(TypeError, match="status"):
        loginkit.parse_token_response("200", "{}")
    with pytest.raises(TypeError, match="status"):
        loginkit.parse_token_response(True, "{}")
    with pytest.raises(ValueError, match="status"):
        loginkit.parse_token_response(70000, "{}")
    with pytest.raises(TypeError, match="body"):
        loginkit.parse_token_response(200, b"{}")


def test_verify_id_token_claims() -> None:
    data = case("id_token.json", "idt.claims-unicode-nested")["input"]
    expected = case("id_token.json", "idt.claims-unicode-nested")["expect"]["claims"]
    claims = loginkit.verify_id_token(data["id_token"], data["jwks"], issuer=data["issuer"], client_id=data["client_id"],
                                      nonce=data["nonce"], now=data["now"])
    assert claims.to_dict() == expected
    assert list(claims.to_dict()) == list(expected)  # the token's order
    assert json.loads(claims.to_json()) == expected
    assert claims.sub == expected["sub"] and claims.iss == expected["iss"] and claims.exp == expected["exp"]
    assert len(claims) == len(expected) and "sub" in claims and "nope" not in claims
    assert claims.get("nope") is None and claims.get("nope", 7) == 7 and claims["sub"] == expected["sub"]
    with pytest.raises(KeyError):
        claims["nope"]
    with pytest.raises(KeyError):
        claims[3]
    assert 3 not in claims
    client = Client(data["issuer"], data["client_id"])
    assert client.verify_id_token(data["id_token"], data["jwks"], nonce=data["nonce"], now=data["now"]).to_dict() == expected
    with pytest.raises(LoginKitError) as raised:  # the system clock: long after the case's now
        client.verify_id_token(data["id_token"], data["jwks"], nonce=data["nonce"])
    assert raised.value.code == "id_token_expired"
    with pytest.raises(TypeError, match="now"):
        client.verify_id_token(data["id_token"], data["jwks"], now=float(data["now"]))


def test_verification_runs_in_threads_with_the_gil_released() -> None:
    data = case("id_token.json", "idt.rs256-happy")["input"]
    expected = case("id_token.json", "idt.rs256-happy")["expect"]["claims"]
    failures = [0] * 4

    def work(index: int) -> None:
        for _ in range(300):
            claims = loginkit.verify_id_token(data["id_token"], data["jwks"], issuer=data["issuer"],
                                              client_id=data["client_id"], nonce=data["nonce"], now=data["now"])
            failures[index] += claims.to_dict() != expected

    threads = [threading.Thread(target=work, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [0] * 4


def test_the_exchange_state_machine_by_hand() -> None:
    data = case("exchange.json", "exch.code-post-seed-scopes")
    one = data["input"]["exchanges"][0]
    client = Client("https://acme.scalekit.dev", "skc_1234567890", SECRET)
    exchange = client.exchange_code(one["grant"]["code"], one["grant"]["redirect_uri"],
                                    code_verifier=one["grant"]["code_verifier"], nonce=one["nonce"])
    first = exchange.request()
    step = exchange.receive(one["responses"][0]["status"], one["responses"][0]["body"], one["now"])
    assert isinstance(step, HttpRequest) and step.url == "https://acme.scalekit.dev/keys"
    done = exchange.receive(one["responses"][1]["status"], one["responses"][1]["body"], one["now"])
    assert isinstance(done, LoginResult)
    assert [as_json(first), as_json(step)] == data["expect"]["exchanges"][0]["requests"]
    with pytest.raises(LoginKitError) as raised:
        exchange.receive(200, "{}", one["now"])
    assert raised.value.code == "invalid_argument"


# --- authenticate_with_code / refresh_access_token over a fake transport ------


def test_authenticate_with_code_replays_the_conformance_exchange() -> None:
    data = case("exchange.json", "exch.code-post-seed-scopes")
    one, expected = data["input"]["exchanges"][0], data["expect"]["exchanges"][0]
    client = Client("https://acme.scalekit.dev", "skc_1234567890", SECRET)
    transport = Replay(one["responses"])
    result = client.authenticate_with_code(one["grant"]["code"], one["grant"]["redirect_uri"],
                                           code_verifier=one["grant"]["code_verifier"], nonce=one["nonce"],
                                           transport=transport, now=one["now"])
    assert [as_json(r) for r in transport.sent] == expected["requests"]
    assert result.user == expected["result"]["claims"] and result.claims.to_dict() == expected["result"]["claims"]
    assert result.claims.sub == expected["result"]["claims"]["sub"]
    assert result.claims.nonce == one["nonce"]
    tokens = expected["result"]["tokens"]
    assert (result.access_token, result.refresh_token, result.id_token, result.expires_in) == (
        tokens["access_token"], tokens["refresh_token"], tokens["id_token"], tokens["expires_in"])
    assert result.tokens.scope == tokens["scope"]
    assert tokens["access_token"] not in repr(result) and tokens["refresh_token"] not in repr(result)


def test_the_key_set_is_cached_by_the_client() -> None:
    data = case("exchange.json", "exch.code-then-refresh-cached")
    login, refresh = data["input"]["exchanges"]
    client = Client("https://acme.scalekit.dev", "skc_1234567890", SECRET)
    first = Replay(login["responses"])
    client.authenticate_with_code(login["grant"]["code"], login["grant"]["redirect_uri"],
                                  code_verifier=login["grant"]["code_verifier"], nonce=login["nonce"],
                                  transport=first, now=login["now"])
    second = Replay(refresh["responses"])
    result = client.refresh_access_token(refresh["grant"]["refresh_token"], transport=second, now=refresh["now"])
    assert len(first.sent) == 2 and len(second.sent) == 1  # no second GET /keys
    assert [as_json(r) for r in first.sent + second.sent] == [
        r for exchange in data["expect"]["exchanges"] for r in exchange["requests"]]
    assert result.user == data["expect"]["exchanges"][1]["result"]["claims"]


def test_refresh_without_an_id_token_has_no_user() -> None:
    client = Client("https://acme.scalekit.dev", "skc_1234567890", SECRET)
    transport = Replay([{"status": 200, "body": '{"access_token":"at_2","token_type":"Bearer"}'}])
    result = client.refresh_access_token("rt_1", scope="openid", transport=transport)
    assert (result.access_token, result.claims, result.user, result.refresh_token) == ("at_2", None, None, None)
    assert transport.sent[0].body == "grant_type=refresh_token&refresh_token=rt_1&scope=openid&client_id=skc_1234567890&client_secret=test_secret_abc123"


def test_transport_answers_and_failures() -> None:
    client = Client("https://acme.scalekit.dev", "skc_1", SECRET)
    body = '{"access_token":"at_\u00e9","token_type":"Bearer"}'
    result = client.refresh_access_token("rt", transport=lambda request: (200, body.encode("utf-8")))
    assert result.access_token == "at_\u00e9"  # bytes are decoded as UTF-8

    def refused(request: HttpRequest) -> tuple[int, str]:
        raise ConnectionRefusedError(111, "Connection refused")

    with pytest.raises(LoginKitError) as raised:
        client.refresh_access_token("rt_secret", transport=refused)
    error = raised.value
    assert error.code == "network_error" and isinstance(error.__cause__, ConnectionRefusedError)
    assert "POST https://acme.scalekit.dev/oauth/token" in str(error)
    assert SECRET not in str(error) and "rt_secret" not in str(error)

    def broken(request: HttpRequest) -> tuple[int, str]:
        raise RuntimeError("a bug in the transport")

    with pytest.raises(RuntimeError, match="a bug"):
        client.refresh_access_token("rt", transport=broken)
    with pytest.raises(TypeError, match="status, body"):
        client.refresh_access_token("rt", transport=lambda request: "not a tuple")
    with pytest.raises(TypeError, match="status"):
        client.refresh_access_token("rt", transport=lambda request: ("200", "{}"))
    with pytest.raises(TypeError, match="not both"):
        client.refresh_access_token("rt", transport=lambda request: (200, "{}"), timeout=3)
    with pytest.raises(loginkit.TokenError) as token_error:
        client.refresh_access_token("rt", transport=lambda request: (400, '{"error":"invalid_grant"}'))
    assert token_error.value.error == "invalid_grant"
    with pytest.raises(LoginKitError) as raised:
        client.authenticate_with_code("code", REDIRECT_URI, code_verifier=VERIFIER, nonce="n",
                                      transport=lambda request: (200, '{"access_token":"a","token_type":"Bearer"}'))
    assert raised.value.code == "invalid_token_response"  # a nonce was sent: the ID token is required


# --- the default transport (urllib) against local servers ----------------------


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers each request with the next scripted (status, headers, body) and records it."""

    script: list[tuple[int, dict, bytes]] = []
    seen: list[dict] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        Recorder.seen.append({"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                              "body": self.rfile.read(length).decode("utf-8")})
        status, headers, body = Recorder.script.pop(0)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def local_server(script: list[tuple[int, dict, bytes]]) -> Iterator[str]:
    Recorder.script, Recorder.seen = list(script), []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


JSON = {"Content-Type": "application/json"}


def test_urllib_sends_the_cores_bytes_and_returns_any_status() -> None:
    answer = b'{"error":"invalid_grant","error_description":"The code was used"}'
    with local_server([(400, JSON, answer)]) as base:
        client = Client(base, "skc_test_basic", "s3cr3t:with/special+chars%", token_endpoint_auth_method="client_secret_basic")
        expected = client.authorization_code_request("the code", "http://127.0.0.1:9401/auth/callback", code_verifier=VERIFIER)
        with pytest.raises(loginkit.TokenError) as raised:
            client.authenticate_with_code("the code", "http://127.0.0.1:9401/auth/callback", code_verifier=VERIFIER)
    assert (raised.value.error, raised.value.error_description) == ("invalid_grant", "The code was used")
    [seen] = Recorder.seen
    assert (seen["method"], seen["path"], seen["body"]) == ("POST", "/oauth/token", expected.body)
    for name, value in expected.headers:
        assert seen["headers"][name] == value
    assert seen["headers"]["Authorization"] == "Basic c2tjX3Rlc3RfYmFzaWM6czNjcjN0JTNBd2l0aCUyRnNwZWNpYWwlMkJjaGFycyUyNQ=="


def test_urllib_does_not_follow_redirects() -> None:
    with local_server([(302, {"Location": "/elsewhere"}, b""), (200, JSON, b'{"access_token":"a","token_type":"Bearer"}')]) as base:
        client = Client(base, "skc_1", SECRET, token_endpoint_auth_method="client_secret_basic")
        with pytest.raises(LoginKitError) as raised:
            client.refresh_access_token("rt")
    assert raised.value.code == "invalid_token_response"
    assert [seen["path"] for seen in Recorder.seen] == ["/oauth/token"]


@pytest.mark.parametrize(("status", "body"), [(502, b"<html>Bad gateway</html>"), (200, b'{"access_token":"\xff\xfe","token_type":"Bearer"'),
                                              (200, b"")])
def test_urllib_non_json_answers_are_invalid_token_response(status: int, body: bytes) -> None:
    with local_server([(status, {"Content-Type": "text/html"}, body)]) as base:
        with pytest.raises(LoginKitError) as raised:
            Client(base, "skc_1", SECRET).refresh_access_token("rt")
    assert raised.value.code == "invalid_token_response"


def test_urllib_fetches_the_key_set_with_get() -> None:
    data = case("exchange.json", "exch.code-post-seed-scopes")["input"]["exchanges"][0]
    tokens, jwks = (response["body"].encode("utf-8") for response in data["responses"])
    with local_server([(200, JSON, tokens), (200, JSON, jwks)]) as base:
        with pytest.raises(LoginKitError) as raised:
            Client(base, "skc_1234567890", SECRET).authenticate_with_code("c", REDIRECT_URI, code_verifier=VERIFIER, nonce=data["nonce"],
                                                                          now=data["now"])
    # The canned ID token names https://acme.scalekit.dev as its issuer, not this server.
    assert raised.value.code == "issuer_mismatch"
    assert [(seen["method"], seen["path"], seen["body"]) for seen in Recorder.seen] == [
        ("POST", "/oauth/token", Recorder.seen[0]["body"]), ("GET", "/keys", "")]
    assert Recorder.seen[1]["headers"]["Accept"] == "application/json"


def test_a_refused_connection_is_a_network_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(LoginKitError) as raised:
        Client(f"http://127.0.0.1:{port}", "skc_1", SECRET).refresh_access_token("rt_secret")
    error = raised.value
    assert error.code == "network_error"
    assert f"POST http://127.0.0.1:{port}/oauth/token failed: ConnectionRefusedError" in str(error)
    assert SECRET not in str(error) and "rt_secret" not in str(error)


def test_a_silent_server_is_a_network_error_after_the_timeout() -> None:
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        base = f"http://127.0.0.1:{silent.getsockname()[1]}"
        client = Client(base, "skc_1", SECRET)
        started = time.monotonic()
        with pytest.raises(LoginKitError) as raised:
            client.refresh_access_token("rt", timeout=0.5)
        elapsed = time.monotonic() - started
        assert raised.value.code == "network_error" and "timed out" in str(raised.value)
        assert 0.4 < elapsed < 5
        with pytest.raises(LoginKitError) as raised:
            client.refresh_access_token("rt", transport=loginkit.UrllibTransport(timeout=0.2))
        assert raised.value.code == "network_error"


def test_the_default_timeout_is_ten_seconds() -> None:
    assert loginkit.DEFAULT_TIMEOUT == 10.0
    assert loginkit.UrllibTransport().timeout == 10.0


def test_new_error_codes_are_exported() -> None:
    assert {"token_error", "network_error", "invalid_token_response", "nonce_mismatch", "invalid_signature",
            "pkce_required", "missing_client_secret", "invalid_jwks"} <= set(loginkit.ERROR_CODES)


def test_importing_loginkit_loads_no_http_stack() -> None:
    import subprocess
    import sys

    code = "import sys, loginkit; print(sorted(m for m in ('urllib.request', 'http.client', 'ssl') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_urllib_transport_takes_extra_handlers_and_still_follows_no_redirect() -> None:
    import urllib.request

    seen: list[str] = []

    class Spy(urllib.request.BaseHandler):
        def http_request(self, request):  # type: ignore[no-untyped-def]
            seen.append(request.full_url)
            return request

    with local_server([(307, {"Location": "http://127.0.0.1:9/stolen"}, b"")]) as base:
        transport = loginkit.UrllibTransport(timeout=5, handlers=(Spy(),))
        with pytest.raises(LoginKitError) as raised:
            Client(base, "skc_1", SECRET, token_endpoint_auth_method="client_secret_basic").refresh_access_token("rt", transport=transport)
    assert raised.value.code == "invalid_token_response"
    assert seen == [f"{base}/oauth/token"] and len(Recorder.seen) == 1
