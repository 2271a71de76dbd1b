'use strict'
// The seed's login in Express: examples/node-express/run.sh.
// Configuration comes from the environment (see README.md).
const express = require('express')
const { Client, TransactionKeys, WebLogin } = require('loginkit')
const { loginRouter, currentUser } = require('loginkit/express')

const base = process.env.APP_BASE_URL || 'http://127.0.0.1:9503'
const client = new Client(process.env.LOGINKIT_ENV_URL || 'http://127.0.0.1:9400',
  process.env.LOGINKIT_CLIENT_ID || 'skc_test_confidential',
  { clientSecret: process.env.LOGINKIT_CLIENT_SECRET || 's3cr3t:with/special+chars%' })
const keys = new TransactionKeys((process.env.LOGINKIT_KEYS || TransactionKeys.generateKey()).split(','))
const web = new WebLogin(client, keys, `${base}/auth/callback`, {
  postLogoutRedirectUri: `${base}/`,
  // Plain http on loopback in the example; keep Secure in production.
  cookieOptions: { secure: base.startsWith('https:') },
})

const app = express()
app.use(loginRouter(web)) // GET /login /signup /auth/callback /logout

const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
app.get('/', (req, res) => {
  const user = currentUser(req)
  const who = user ? `<p>Signed in as <b id="user-email">${escape(user.email ?? '')}</b></p>` : '<p>Not signed in</p>'
  res.send(`<h1>loginkit + Express</h1>${who}<a href="/login">Log in</a> <a href="/signup">Sign up</a> <a href="/logout">Log out</a>`)
})

const { hostname, port } = new URL(base)
app.listen(Number(port || 80), hostname, () => console.log(`listening on ${base}`))
