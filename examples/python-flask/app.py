"""The seed's login in Flask: examples/python-flask/run.sh.
Configuration comes from the environment: see run.sh and bindings-python/README.md."""

import logging
import os
from urllib.parse import urlsplit

from flask import Flask
from markupsafe import escape

import loginkit
from loginkit.flask import current_user, login_blueprint

base = os.environ.get("APP_BASE_URL", "http://127.0.0.1:9501")
client = loginkit.Client(os.environ.get("LOGINKIT_ENV_URL", "http://127.0.0.1:9400"),
                         os.environ.get("LOGINKIT_CLIENT_ID", "skc_test_confidential"),
                         os.environ.get("LOGINKIT_CLIENT_SECRET", "s3cr3t:with/special+chars%"))
keys = loginkit.TransactionKeys((os.environ.get("LOGINKIT_KEYS") or loginkit.TransactionKeys.generate_key()).split(","))
web = loginkit.WebLogin(client, keys, f"{base}/auth/callback", post_logout_redirect_uri=f"{base}/",
                        # Plain http on loopback in the example; keep Secure in production.
                        cookie_options=loginkit.CookieOptions(secure=base.startswith("https:")))

app = Flask(__name__)
app.register_blueprint(login_blueprint(web))


@app.get("/")
def home() -> str:
    user = current_user()
    who = f'<p>Signed in as <b id="user-email">{escape(user.email or "")}</b></p>' if user else "<p>Not signed in</p>"
    return f'<h1>loginkit + Flask</h1>{who}<a href="/login">Log in</a> <a href="/signup">Sign up</a> <a href="/logout">Log out</a>'


if __name__ == "__main__":
    address = urlsplit(base)
    # No access log: the callback's URL carries the authorization code.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    print(f"listening on {base}", flush=True)
    app.run(host=address.hostname, port=address.port, threaded=True)
