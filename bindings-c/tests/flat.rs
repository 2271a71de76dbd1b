//! The flat request format through `loginkit_flat_call`, as the Go binding
//! and the JVM's direct path use it.

use loginkit_c::flat::*;
use loginkit_c::{loginkit_client_free, loginkit_client_new, loginkit_flat_call, LoginkitClient, LoginkitStr};

fn borrow(text: &str) -> LoginkitStr {
    LoginkitStr { ptr: text.as_ptr(), len: text.len() }
}

fn client() -> *mut LoginkitClient {
    let mut client = std::ptr::null_mut();
    let err = unsafe { loginkit_client_new(borrow("https://acme.scalekit.dev"), borrow("skc_1234567890"), &mut client) };
    assert!(err.is_null());
    client
}

fn text(out: &mut Vec<u8>, value: Option<&str>) {
    match value {
        None => out.extend_from_slice(&LOGINKIT_FLAT_ABSENT.to_le_bytes()),
        Some(value) => {
            out.extend_from_slice(&(value.len() as u32).to_le_bytes());
            out.extend_from_slice(value.as_bytes());
        }
    }
}

fn call(client: *const LoginkitClient, request: &[u8]) -> Vec<u8> {
    let mut response = vec![0u8; 8];
    let mut length = unsafe { loginkit_flat_call(client, request.as_ptr(), request.len(), response.as_mut_ptr(), response.len()) };
    if length < 0 {
        // Too small: nothing was written, and the length needed came back.
        assert!(response.iter().all(|b| *b == 0));
        response = vec![0u8; usize::try_from(-length).unwrap()];
        length = unsafe { loginkit_flat_call(client, request.as_ptr(), request.len(), response.as_mut_ptr(), response.len()) };
    }
    response.truncate(usize::try_from(length).unwrap());
    response
}

fn strings(response: &[u8]) -> (u32, Vec<Option<String>>) {
    let mut reader = Reader::new(response);
    let status = reader.u32().unwrap();
    let mut values = Vec::new();
    while let Ok(value) = reader.text("") {
        values.push(value.map(str::to_owned));
    }
    (status, values)
}

fn authorization_request(op: u32, scopes: Option<&[&str]>, extra: &[(&str, &str)]) -> Vec<u8> {
    let mut request = op.to_le_bytes().to_vec();
    text(&mut request, Some("https://yourapp.com/auth/callback"));
    for value in [Some("st"), None, Some("a@b.c"), None, None, None, None, Some("login"), None, None] {
        text(&mut request, value);
    }
    match scopes {
        None => request.extend_from_slice(&LOGINKIT_FLAT_ABSENT.to_le_bytes()),
        Some(scopes) => {
            request.extend_from_slice(&(scopes.len() as u32).to_le_bytes());
            scopes.iter().for_each(|scope| text(&mut request, Some(scope)));
        }
    }
    request.extend_from_slice(&(extra.len() as u32).to_le_bytes());
    for (name, value) in extra {
        text(&mut request, Some(name));
        text(&mut request, Some(value));
    }
    request
}

#[test]
fn an_authorization_url_is_the_core_s() {
    let client = client();
    let request = authorization_request(LOGINKIT_OP_AUTHORIZATION_URL, Some(&["openid", "email"]), &[("resource", "a b")]);
    let (status, values) = strings(&call(client, &request));
    assert_eq!(status, LOGINKIT_FLAT_OK);
    assert_eq!(
        values,
        [Some(
            "https://acme.scalekit.dev/oauth/authorize?response_type=code&client_id=skc_1234567890\
             &redirect_uri=https%3A%2F%2Fyourapp.com%2Fauth%2Fcallback&scope=openid+email&state=st\
             &login_hint=a%40b.c&prompt=login&resource=a+b"
                .to_owned()
        )]
    );
    unsafe { loginkit_client_free(client) };
}

#[test]
fn errors_come_back_with_their_code_and_message() {
    let client = client();
    let request = authorization_request(LOGINKIT_OP_AUTHORIZATION_URL, Some(&[]), &[]);
    let (status, values) = strings(&call(client, &request));
    assert_eq!(status, LOGINKIT_FLAT_FAILED);
    assert_eq!(values[0].as_deref(), Some("invalid_scopes"));
    assert!(values[1].as_deref().unwrap().contains("empty"));
    assert_eq!(&values[2..], [None, None, None]);
    unsafe { loginkit_client_free(client) };
}

#[test]
fn a_short_or_unknown_request_is_an_error_never_a_panic() {
    let client = client();
    let whole = authorization_request(LOGINKIT_OP_START_LOGIN, None, &[("x", "y")]);
    for cut in 0..whole.len() {
        let (status, values) = strings(&call(client, &whole[..cut]));
        assert_eq!(status, LOGINKIT_FLAT_FAILED, "cut at {cut}");
        assert!(values[0].is_some());
    }
    let (status, values) = strings(&call(client, &999u32.to_le_bytes()));
    assert_eq!((status, values[0].as_deref()), (LOGINKIT_FLAT_FAILED, Some("internal_error")));
    // A client op without a client.
    let (status, values) = strings(&call(std::ptr::null(), &whole));
    assert_eq!((status, values[0].as_deref()), (LOGINKIT_FLAT_FAILED, Some("invalid_argument")));
    // Invalid UTF-8 is refused, not replaced.
    let mut request = LOGINKIT_OP_PKCE_CHALLENGE.to_le_bytes().to_vec();
    request.extend_from_slice(&2u32.to_le_bytes());
    request.extend_from_slice(&[0xff, 0xfe]);
    let (status, values) = strings(&call(std::ptr::null(), &request));
    assert_eq!((status, values[0].as_deref()), (LOGINKIT_FLAT_FAILED, Some("invalid_string")));
    unsafe { loginkit_client_free(client) };
}

#[test]
fn ops_without_a_client() {
    let mut request = LOGINKIT_OP_VERIFY_STATE.to_le_bytes().to_vec();
    text(&mut request, Some("abc"));
    text(&mut request, Some("abc"));
    let response = call(std::ptr::null(), &request);
    let mut reader = Reader::new(&response);
    assert_eq!((reader.u32().unwrap(), reader.u32().unwrap()), (LOGINKIT_FLAT_OK, 1));
    let (status, values) = strings(&call(std::ptr::null(), &LOGINKIT_OP_GENERATE_STATE.to_le_bytes()));
    assert_eq!(status, LOGINKIT_FLAT_OK);
    assert_eq!(values[0].as_ref().map(String::len), Some(64));
}
