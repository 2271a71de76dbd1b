/*
 * Exercises the C ABI directly, the way a C, Ruby, PHP or .NET binding
 * would: the seed example, NUL bytes, invalid UTF-8, error codes and the
 * server's error details, start_login, the token requests, the token
 * response, ID-token verification and the exchange loop, and that every
 * returned string, request, token response and step is released (run under
 * valgrind by scripts/test.sh when it is installed).
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

/* The ID token of conformance case idt.rs256-happy and its key (rsa-2048-a). */
static const char *ID_TOKEN =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6InJzYS0yMDQ4LWEiLCJ0eXAiOiJKV1QifQ.eyJpc3MiOiJodHRwczovL2FjbWUuc2NhbGVraXQuZGV2Iiwic3"
    "ViIjoidXNyXzAxMjM0NTY3ODkiLCJhdWQiOiJza2NfMTIzNDU2Nzg5MCIsImV4cCI6MTc2NzIyODkwMCwiaWF0IjoxNzY3MjI1MzAwLCJub25jZSI6"
    "Im4tMFM2X1d6QTJNaiJ9.q6Uyu3AyDi9vVPdSutEoGeewmp7WcaSN1M9n9qTOQ3aPvh6tejmgm9MfE6lJpu0Vfe2MVW00qnA-iz5YrdSaP-5MG9l_Me"
    "ERin4rmySXFH-JaeqBv_6VJ3Vzx_T7kFQhd9DAcm-r7KcNIuD5DJyDkUCKzyyapgDJKUdMY0ZujukyKX6FI3asGNg8jcAa_C2tQfsX4prXmE-nnWxQl"
    "CnzBErdYqLuP5wlw58U5F6O7dbQ37MvgaHhGH-doE0U4_P9hPBaSlXy8eQa2zL5ZjBwIIV7gt8g4bvWSKr_GFRSXEvNfa3uoch8RJBeot7lIeFh3n4A"
    "eBC6_YWpalx6J5YvWg";
static const char *JWKS =
    "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"rsa-2048-a\",\"n\":\"rKBxupxnBom757TMBIEM0Oemh-LdBk2TN9zaYUBZvbz1lQjKwmhz3a_"
    "UYB-nbQ9URzlsyK6ZWXMczlX7QR-p1FBF5Wdh29UqZJ0Tb2xrn71AjvXQgQRF0feGBeEbv1FOkokVVamfLgGFKobFOHgkl0NLLSPIx1p6Y0MlOBQZMCWd"
    "V1Z90RQHyBt16d5OTKFQ7EM4Esv1pxsrZe1XIxzZ_kmonnQaA8r7JOcVpXDupLTjON2Bx-YHkBtA0B9drCW_e2voV6tsgc8eS3ThjPxsitUNSLJFQLWm"
    "l5AxnHe-y1OcN2rF9_sF7Pwh4HAcDBKM8wpFZ0tIiJIs2Alz4a1ZOw\",\"e\":\"AQAB\"}]}";
static const int64_t ID_TOKEN_NOW = 1767225600;

static void token_operations(void) {
  /* A confidential client with HTTP Basic: the secret travels in the header. */
  LoginkitClient *client = NULL;
  LoginkitClientOptions client_options = {0};
  client_options.client_secret = str("s3cr3t:x");
  client_options.token_endpoint_auth_method = str("client_secret_basic");
  LoginkitError *error =
      loginkit_client_new_with_options(str("https://acme.scalekit.dev"), str("skc_1234567890"), &client_options, &client);
  CHECK(error == NULL && client != NULL, "client_new_with_options");
  if (client == NULL) return;

  LoginkitHttpRequest request = {0};
  error = loginkit_authorization_code_request(client, str("abc"), str("https://yourapp.com/cb"),
                                              str("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), &request);
  CHECK(error == NULL && equals(request.method, "POST") && equals(request.url, "https://acme.scalekit.dev/oauth/token"),
        "authorization_code_request");
  CHECK(request.headers_len == 3 && equals(request.headers[2].name, "Authorization") &&
            equals(request.headers[2].value, "Basic c2tjXzEyMzQ1Njc4OTA6czNjcjN0JTNBeA=="),
        "Basic header, the secret form-encoded first");
  CHECK(equals(request.body, "grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2Fyourapp.com%2Fcb"
                             "&client_id=skc_1234567890&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        "code body: %s", request.body.ptr);
  loginkit_http_request_free(&request);
  CHECK(request.headers == NULL && request.body.ptr == NULL, "a freed request is zeroed");
  loginkit_http_request_free(&request); /* harmless */

  error = loginkit_refresh_token_request(client, str("rt_1"), (LoginkitStr){NULL, 0}, &request);
  CHECK(error == NULL && equals(request.body, "grant_type=refresh_token&refresh_token=rt_1&client_id=skc_1234567890"),
        "refresh body");
  loginkit_http_request_free(&request);

  /* Token responses: the optional members, and the server's refusal. */
  LoginkitTokenResponse tokens = {0};
  error = loginkit_parse_token_response(200, str("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":0}"),
                                        &tokens);
  CHECK(error == NULL && equals(tokens.access_token, "at") && tokens.expires_in_given && tokens.expires_in == 0 &&
            tokens.refresh_token.ptr == NULL && tokens.id_token.ptr == NULL && tokens.scope.ptr == NULL,
        "parse_token_response");
  loginkit_token_response_free(&tokens);
  error = loginkit_parse_token_response(400, str("{\"error\":\"invalid_grant\",\"error_description\":\"used\"}"),
                                        &tokens);
  CHECK(error != NULL && equals(error->oauth_error, "invalid_grant") && equals(error->error_description, "used") &&
            error->error_uri.ptr == NULL,
        "token_error details");
  expect_code(error, "token_error", "token endpoint refusal");
  expect_code(loginkit_parse_token_response(200, str("<html>"), &tokens), "invalid_token_response", "HTML answer");

  /* ID-token verification: the claims as JSON text, in the token's order. */
  LoginkitIdTokenExpectations expected = {0};
  expected.issuer = str("https://acme.scalekit.dev");
  expected.client_id = str("skc_1234567890");
  expected.nonce = str("n-0S6_WzA2Mj");
  expected.now = ID_TOKEN_NOW;
  LoginkitString claims = {0};
  error = loginkit_verify_id_token(str(ID_TOKEN), str(JWKS), &expected, &claims);
  CHECK(error == NULL && strstr(claims.ptr, "{\"iss\":\"https://acme.scalekit.dev\",\"sub\":\"usr_0123456789\"") == claims.ptr,
        "verify_id_token");
  loginkit_string_free(claims);
  expected.leeway_given = true;
  expected.now = 1767228900; /* exp, with no leeway */
  expect_code(loginkit_verify_id_token(str(ID_TOKEN), str(JWKS), &expected, &claims), "id_token_expired", "leeway 0");
  expect_code(loginkit_client_verify_id_token(client, str("a.b"), str(JWKS), (LoginkitStr){NULL, 0}, 0, &claims),
              "malformed_id_token", "two parts");

  /* The exchange: tokens, then the JWKS (cold cache), then done. */
  LoginkitExchange *exchange = NULL;
  error = loginkit_exchange_new_authorization_code(client, str("abc"), str("https://yourapp.com/cb"),
                                                   (LoginkitStr){NULL, 0}, str("n-0S6_WzA2Mj"), &exchange);
  CHECK(error == NULL && exchange != NULL, "exchange_new_authorization_code");
  loginkit_client_free(client); /* the exchange keeps what it needs */
  error = loginkit_exchange_request(exchange, &request);
  CHECK(error == NULL && equals(request.url, "https://acme.scalekit.dev/oauth/token"), "exchange request");
  loginkit_http_request_free(&request);
  char body[2048];
  snprintf(body, sizeof body, "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"id_token\":\"%s\"}", ID_TOKEN);
  LoginkitExchangeStep step = {0};
  error = loginkit_exchange_receive(exchange, 200, str(body), ID_TOKEN_NOW, &step);
  CHECK(error == NULL && !step.done && equals(step.request.method, "GET") &&
            equals(step.request.url, "https://acme.scalekit.dev/keys"),
        "exchange asks for the JWKS");
  loginkit_exchange_step_free(&step);
  error = loginkit_exchange_receive(exchange, 200, str(JWKS), ID_TOKEN_NOW, &step);
  CHECK(error == NULL && step.done && equals(step.tokens.access_token, "at") && step.claims_json.ptr != NULL &&
            strstr(step.claims_json.ptr, "\"nonce\":\"n-0S6_WzA2Mj\"") != NULL,
        "exchange done with the claims");
  loginkit_exchange_step_free(&step);
  expect_code(loginkit_exchange_receive(exchange, 200, str(JWKS), ID_TOKEN_NOW, &step), "invalid_argument",
              "a finished exchange");
  loginkit_exchange_free(exchange);
  expect_code(loginkit_exchange_receive(NULL, 200, str("{}"), 0, &step), "invalid_argument", "NULL exchange");
}

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

  token_operations();

  if (failures == 0) printf("c abi: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
