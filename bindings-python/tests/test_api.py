"""The Python surface: the seed's snippets, both option styles, type
errors, text that is not Unicode, exception codes, fork and threads."""

from __future__ import annotations

import os
import sys
import threading

import pytest

import loginkit
from loginkit import AuthorizationUrlOptions, Client, LoginKitError

ENV_URL = "https://acme.scalekit.dev"
CLIENT_ID = "skc_1234567890"
REDIRECT_URI = "https://yourapp.com/auth/callback"
STATE = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
SEED_URL = (
    "https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890"
    "&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&scope=openid+profile+email+offline_access"
    "&state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
)
SCOPES = ["openid", "profile", "email", "offline_access"]


@pytest.fixture
def client() -> Client:
    return Client(ENV_URL, CLIENT_ID)


def test_seed_snippet_with_keyword_options(client: Client) -> None:
    # The seed's Python snippet, with the import changed: keywords in the
    # options constructor (the official SDK's constructor takes none).
    session = {"oauth_state": STATE}
    redirect_uri = "https://yourapp.com/auth/callback"
    options = AuthorizationUrlOptions(scopes=["openid", "profile", "email", "offline_access"], state=session["oauth_state"])
    authorization_url = client.get_authorization_url(redirect_uri, options)
    assert authorization_url == SEED_URL


def test_seed_signup_snippet_with_attribute_assignment(client: Client) -> None:
    redirect_uri = "http://localhost:3000/api/callback"
    options = AuthorizationUrlOptions()
    options.scopes = ["openid", "profile", "email", "offline_access"]
    options.prompt = "create"
    authorization_url = client.get_authorization_url(redirect_uri, options)
    assert authorization_url == (
        "https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890"
        "&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fapi%2Fcallback"
        "&scope=openid+profile+email+offline_access&prompt=create"
    )


def test_keywords_and_options_object_give_the_same_url(client: Client) -> None:
    fields = dict(scopes=SCOPES, state=STATE, nonce="n", login_hint="a@b.co", domain_hint="b.co",
                  connection_id="conn_1", organization_id="org_1", provider="google", prompt="login",
                  extra_params=[("resource", "https://api.example.com"), ("resource", "x")])
    from_object = client.get_authorization_url(REDIRECT_URI, AuthorizationUrlOptions(**fields))
    from_keywords = client.get_authorization_url(REDIRECT_URI, **fields)
    assert from_object == from_keywords
    assert from_object.endswith("&prompt=login&resource=https%3A%2F%2Fapi.example.com&resource=x")


def test_extra_params_accepts_a_dict_in_order(client: Client) -> None:
    url = client.get_authorization_url(REDIRECT_URI, extra_params={"b": "2", "a": "1"})
    assert url.endswith("&b=2&a=1")


@pytest.mark.parametrize(
    ("kwargs", "names"),
    [
        ({"scopes": "openid profile"}, "scopes"),
        ({"scopes": b"openid"}, "scopes"),
        ({"scopes": ["openid", 3]}, "scopes[1]"),
        ({"state": 42}, "state"),
        ({"state": b"abc"}, "state"),
        ({"extra_params": [("a",)]}, "extra_params[0]"),
        ({"extra_params": "a=b"}, "extra_params"),
    ],
)
def test_wrong_types_are_type_errors_naming_the_argument(client: Client, kwargs: dict, names: str) -> None:
    with pytest.raises(TypeError, match=names.replace("[", r"\[").replace("]", r"\]")):
        client.get_authorization_url(REDIRECT_URI, **kwargs)


def test_other_type_errors(client: Client) -> None:
    with pytest.raises(TypeError, match="loginhint"):
        client.get_authorization_url(REDIRECT_URI, loginhint="a@b.co")
    with pytest.raises(TypeError, match="AuthorizationUrlOptions"):
        client.get_authorization_url(REDIRECT_URI, {"state": "x"})
    with pytest.raises(TypeError, match="not both"):
        client.get_authorization_url(REDIRECT_URI, AuthorizationUrlOptions(), state="x")
    with pytest.raises(TypeError, match="redirect_uri"):
        client.get_authorization_url(None)
    with pytest.raises(TypeError, match="env_url"):
        Client(b"https://acme.scalekit.dev", CLIENT_ID)
    with pytest.raises(TypeError, match="environment"):
        loginkit.validate_redirect_uri(REDIRECT_URI, None)


def test_lone_surrogates_are_invalid_string(client: Client) -> None:
    for call in (
        lambda: client.get_authorization_url(REDIRECT_URI, state="a\ud800b"),
        lambda: client.get_authorization_url("https://yourapp.com/\udfff"),
        lambda: Client(ENV_URL, "skc\ud800"),
        lambda: client.parse_callback("code=a&state=s", "s\ud800"),
        lambda: loginkit.pkce_challenge("\ud800" * 43),
    ):
        with pytest.raises(LoginKitError) as raised:
            call()
        assert raised.value.code == "invalid_string"


def test_errors_carry_the_core_code_and_message(client: Client) -> None:
    with pytest.raises(LoginKitError) as raised:
        client.get_authorization_url("https://yourapp.com/cb?a=1")
    assert raised.value.code == "redirect_uri_query_not_allowed"
    assert "?a=1" in str(raised.value)
    assert isinstance(raised.value, ValueError)
    with pytest.raises(LoginKitError) as raised:
        loginkit.validate_redirect_uri("https://*.co.uk", "development")
    assert raised.value.code == "redirect_uri_wildcard_root_domain"
    assert set(loginkit.ERROR_CODES) >= {"invalid_string", "state_mismatch", "authorization_error"}


def test_authorization_error_details_after_the_state_check(client: Client) -> None:
    with pytest.raises(loginkit.AuthorizationError) as raised:
        client.parse_callback("/auth/callback?error=access_denied&error_description=No+thanks&state=s1", "s1")
    error = raised.value
    assert (error.code, error.error, error.error_description, error.error_uri) == (
        "authorization_error", "access_denied", "No thanks", None)
    with pytest.raises(LoginKitError) as raised:
        client.parse_callback("/auth/callback?error=access_denied&state=forged", "s1")
    assert raised.value.code == "state_mismatch"


def test_start_login_and_callback_round_trip(client: Client) -> None:
    login = client.start_login(REDIRECT_URI, scopes=SCOPES)
    assert f"&state={login.state}&nonce={login.nonce}&" in login.url
    assert f"code_challenge={loginkit.pkce_challenge(login.code_verifier)}&code_challenge_method=S256" in login.url
    assert login.code_verifier not in repr(login)  # the verifier is never in the URL either
    callback = client.parse_callback(f"https://yourapp.com/auth/callback?code=abc&state={login.state}", login.state)
    assert (callback.code, callback.state) == ("abc", login.state)


def test_logout_url_keyword_and_object_forms(client: Client) -> None:
    expected = "https://acme.scalekit.dev/oidc/logout?id_token_hint=t&post_logout_redirect_uri=https%3A%2F%2Fyourapp.com%2F"
    assert client.get_logout_url(id_token_hint="t", post_logout_redirect_uri="https://yourapp.com/") == expected
    options = loginkit.LogoutUrlOptions(id_token_hint="t", post_logout_redirect_uri="https://yourapp.com/")
    assert client.get_logout_url(options) == expected
    with pytest.raises(TypeError):
        client.get_logout_url("id_token", "https://yourapp.com/")


def test_two_clients_side_by_side() -> None:
    first, second = Client("https://first.scalekit.dev/", "a"), Client("HTTPS://Second.scalekit.dev", "b")
    assert (first.base_url, second.base_url) == ("https://first.scalekit.dev", "https://second.scalekit.dev")
    assert first.get_logout_url() == "https://first.scalekit.dev/oidc/logout"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_generate_state_differs_after_fork() -> None:
    loginkit.generate_state()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(write_end, loginkit.generate_state().encode())
        os._exit(0)
    parent_state = loginkit.generate_state()
    os.waitpid(pid, 0)
    child_state = os.read(read_end, 128).decode()
    assert len(child_state) == 64 and child_state != parent_state


def test_threads_give_identical_results(client: Client) -> None:
    options = AuthorizationUrlOptions(scopes=SCOPES, state=STATE)
    mismatches = [0] * 8

    def work(index: int) -> None:
        for _ in range(10_000):
            if client.get_authorization_url(REDIRECT_URI, options) != SEED_URL:
                mismatches[index] += 1

    threads = [threading.Thread(target=work, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert mismatches == [0] * 8


def test_the_package_ships_its_types() -> None:
    package = os.path.dirname(loginkit.__file__)
    assert {"py.typed", "_loginkit.pyi", "__init__.py"} <= set(os.listdir(package))
    assert "site-packages" in package or "dist-packages" in package, f"tests must run against the installed wheel, not {package}"


def test_a_panic_in_the_core_is_an_internal_error_and_the_interpreter_lives_on() -> None:
    from loginkit import _loginkit

    for _ in range(3):
        with pytest.raises(loginkit.LoginKitError) as caught:
            _loginkit._panic_for_tests()
        assert caught.value.code == "internal_error"
    assert loginkit.verify_state("abc", "abc")


def test_encoded_wildcards_are_refused_and_never_match() -> None:
    with pytest.raises(loginkit.LoginKitError) as caught:
        loginkit.validate_redirect_uri("https://%2A.com/cb", "production")
    assert caught.value.code == "invalid_redirect_uri"
    assert "https://*.com/cb" in str(caught.value)
    assert not loginkit.redirect_uri_matches("https://%2A.com/cb", "https://evil.com/cb")
    assert not loginkit.redirect_uri_matches("https://acmecorp.%2A.com/cb", "https://x.%2A.com/cb")
