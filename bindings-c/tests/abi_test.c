/*
 * Exercises the C ABI directly, the way a C, Ruby, PHP or .NET binding
 * would: the seed example, NUL bytes, invalid UTF-8, error codes and the
 * server's error details, start_login, and that every returned string is
 * released (run under valgrind by scripts/test.sh when it is installed).
 */
#include "loginkit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond, ...)                                   \
  do {                                                     \
    if (!(cond)) {                                         \
      failures++;                                          \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                        \
      fprintf(stderr, "\n");                               \
    }                                                      \
  } while (0)

static LoginkitStr str(const char *text) {
  LoginkitStr s = {(const uint8_t *)text, strlen(text)};
  return s;
}

static LoginkitStr bytes(const char *data, size_t len) {
  LoginkitStr s = {(const uint8_t *)data, len};
  return s;
}

static int equals(LoginkitString actual, const char *expected) {
  return actual.len == strlen(expected) && memcmp(actual.ptr, expected, actual.len) == 0;
}

/* Checks an error's code, frees it, and reports whether the code matched. */
static void expect_code(LoginkitError *error, const char *code, const char *what) {
  CHECK(error != NULL, "%s: expected error %s, got success", what, code);
  if (error != NULL) {
    CHECK(equals(error->code, code), "%s: expected %s, got %.*s (%.*s)", what, code, (int)error->code.len,
          error->code.ptr, (int)error->message.len, error->message.ptr);
    loginkit_error_free(error);
  }
}

static const char *SEED_URL =
    "https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890"
    "&redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&scope=openid+profile+email+offline_access"
    "&state=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

int main(void) {
  LoginkitClient *client = NULL;
  LoginkitError *error = loginkit_client_new(str("https://acme.scalekit.dev"), str("skc_1234567890"), &client);
  CHECK(error == NULL && client != NULL, "client_new failed");
  if (client == NULL) return 1;

  /* The seed example. */
  LoginkitStr scopes[] = {str("openid"), str("profile"), str("email"), str("offline_access")};
  LoginkitAuthorizationUrlOptions options = {0};
  options.scopes = scopes;
  options.scopes_len = 4;
  options.scopes_given = true;
  options.state = str("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  LoginkitString url = {0};
  error = loginkit_authorization_url(client, str("https://yourapp.com/auth/callback"), &options, &url);
  CHECK(error == NULL, "seed URL failed");
  CHECK(equals(url, SEED_URL), "seed URL: %s", url.ptr);
  CHECK(url.ptr[url.len] == '\0', "returned strings are NUL-terminated");
  loginkit_string_free(url);

  /* NULL options: the default scopes. */
  error = loginkit_authorization_url(client, str("https://yourapp.com/cb"), NULL, &url);
  CHECK(error == NULL && strstr(url.ptr, "&scope=openid+profile+email") != NULL, "default scopes");
  loginkit_string_free(url);

  /* A NUL byte inside a value survives as %00. */
  LoginkitAuthorizationUrlOptions with_nul = {0};
  with_nul.state = bytes("a\0b", 3);
  error = loginkit_authorization_url(client, str("https://yourapp.com/cb"), &with_nul, &url);
  CHECK(error == NULL && strstr(url.ptr, "&state=a%00b") != NULL, "NUL survives");
  loginkit_string_free(url);

  /* Given scopes, but none of them: invalid_scopes (not the default). */
  LoginkitAuthorizationUrlOptions empty_scopes = {0};
  empty_scopes.scopes_given = true;
  expect_code(loginkit_authorization_url(client, str("https://yourapp.com/cb"), &empty_scopes, &url),
              "invalid_scopes", "empty scope list");

  /* Invalid UTF-8 is refused, never replaced. */
  expect_code(loginkit_authorization_url(client, bytes("https://yourapp.com/\xff", 21), NULL, &url),
              "invalid_string", "invalid UTF-8");

  /* Rule errors carry the core's code and a message naming the value. */
  error = loginkit_authorization_url(client, str("https://yourapp.com/cb?a=1"), NULL, &url);
  CHECK(error != NULL && strstr(error->message.ptr, "?a=1") != NULL, "message names the value");
  expect_code(error, "redirect_uri_query_not_allowed", "query in redirect URI");
  expect_code(loginkit_validate_redirect_uri(str("https://*.com"), str("development")),
              "redirect_uri_wildcard_root_domain", "root wildcard");
  expect_code(loginkit_validate_redirect_uri(str("https://a.com/cb"), str("staging")), "invalid_argument",
              "unknown environment");
  CHECK(loginkit_validate_redirect_uri(str("https://*.acmecorp.com"), str("development")) == NULL, "dev wildcard");

  /* NULL where a pointer is required is an error, not a crash. */
  expect_code(loginkit_authorization_url(NULL, str("https://yourapp.com/cb"), NULL, &url), "invalid_argument",
              "NULL client");
  expect_code(loginkit_authorization_url(client, str("https://yourapp.com/cb"), NULL, NULL), "invalid_argument",
              "NULL out");

  /* The server's error, after the state check. */
  LoginkitCallback callback = {0};
  error = loginkit_parse_callback(client, str("/cb?error=access_denied&error_description=No+thanks&state=s1"),
                                  str("s1"), &callback);
  CHECK(error != NULL && equals(error->oauth_error, "access_denied") && equals(error->error_description, "No thanks") &&
            error->error_uri.ptr == NULL,
        "authorization_error details");
  expect_code(error, "authorization_error", "server error");
  error = loginkit_parse_callback(client, str("https://yourapp.com/cb?code=abc%00def&state=s1"), str("s1"), &callback);
  CHECK(error == NULL && callback.code.len == 7 && memcmp(callback.code.ptr, "abc\0def", 7) == 0, "decoded NUL in code");
  loginkit_string_free(callback.code);
  loginkit_string_free(callback.state);

  /* start_login, PKCE and the generators. */
  LoginkitLoginStart login = {0};
  error = loginkit_start_login(client, str("https://yourapp.com/cb"), NULL, &login);
  CHECK(error == NULL && login.state.len == 64 && login.code_verifier.len == 43, "start_login");
  LoginkitString challenge = {0};
  error = loginkit_pkce_challenge(bytes(login.code_verifier.ptr, login.code_verifier.len), &challenge);
  CHECK(error == NULL && strstr(login.url.ptr, challenge.ptr) != NULL, "start_login URL carries the challenge");
  bool verified = false;
  error = loginkit_verify_state(bytes(login.state.ptr, login.state.len), bytes(login.state.ptr, login.state.len), &verified);
  CHECK(error == NULL && verified, "verify_state");
  loginkit_string_free(challenge);
  loginkit_string_free(login.url);
  loginkit_string_free(login.state);
  loginkit_string_free(login.nonce);
  loginkit_string_free(login.code_verifier);
  error = loginkit_pkce_challenge(str("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), &challenge);
  CHECK(error == NULL && equals(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"), "RFC 7636 Appendix B");
  loginkit_string_free(challenge);

  bool matches = false;
  error = loginkit_redirect_uri_matches(str("http://127.0.0.1/cb"), str("http://127.0.0.1:49152/cb"), &matches);
  CHECK(error == NULL && matches, "loopback any port");

  /* Every code is listed; the list ends with a NULL pointer. */
  size_t count = loginkit_error_code_count();
  CHECK(count > 30 && loginkit_error_code_at(count).ptr == NULL, "error code list");

  loginkit_client_free(client);
  error = loginkit_client_new(str("https://acme.scalekit.dev?x"), str("skc"), &client);
  expect_code(error, "invalid_env_url", "env URL with a query");

  if (failures == 0) printf("c abi: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
