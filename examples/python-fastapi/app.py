"""The seed's login in FastAPI: examples/python-fastapi/run.sh.
Configuration comes from the environment: see run.sh and bindings-python/README.md."""

import html
import os
from urllib.parse import urlsplit

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

import loginkit
from loginkit.fastapi import current_user, login_router

base = os.environ.get("APP_BASE_URL", "http://127.0.0.1:9502")
client = loginkit.Client(os.environ.get("LOGINKIT_ENV_URL", "http://127.0.0.1:9400"),
                         os.environ.get("LOGINKIT_CLIENT_ID", "skc_test_confidential"),
                         os.environ.get("LOGINKIT_CLIENT_SECRET", "s3cr3t:with/special+chars%"))
keys = loginkit.TransactionKeys((os.environ.get("LOGINKIT_KEYS") or loginkit.TransactionKeys.generate_key()).split(","))
web = loginkit.WebLogin(client, keys, f"{base}/auth/callback", post_logout_redirect_uri=f"{base}/",
                        # Plain http on loopback in the example; keep Secure in production.
                        cookie_options=loginkit.CookieOptions(secure=base.startswith("https:")))

app = FastAPI()
app.include_router(login_router(web))


@app.get("/", response_class=HTMLResponse)
async def home(request: Request) -> str:
    user = current_user(request)
    who = f'<p>Signed in as <b id="user-email">{html.escape(user.email or "")}</b></p>' if user else "<p>Not signed in</p>"
    return f'<h1>loginkit + FastAPI</h1>{who}<a href="/login">Log in</a> <a href="/signup">Sign up</a> <a href="/logout">Log out</a>'


if __name__ == "__main__":
    address = urlsplit(base)
    # No access log: the callback's URL carries the authorization code.
    uvicorn.run(app, host=address.hostname or "127.0.0.1", port=address.port or 80, access_log=False)
