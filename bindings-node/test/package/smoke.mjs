// The same check through ESM.
import assert from 'node:assert/strict'
import { Client, LoginKitError, generateState } from 'loginkit'
import loginkit from 'loginkit'

const client = new Client('https://acme.scalekit.dev', 'skc_1234567890')
const login = client.startLogin('https://yourapp.com/auth/callback')
assert.equal(client.parseCallback(`?code=c&state=${login.state}`, login.state).code, 'c')
assert.equal(generateState().length, 64)
assert.equal(loginkit.LoginKitError, LoginKitError)
console.log('packed package: import works')

// Issue 11 through ESM: the same classes, and a network failure is network_error.
import { Exchange, LoginResult, verifyIdToken } from 'loginkit'
assert.equal(loginkit.Exchange, Exchange)
assert.equal(loginkit.LoginResult, LoginResult)
assert.throws(() => verifyIdToken('a.b', '{"keys":[]}', { issuer: 'https://acme.scalekit.dev', clientId: 'c' }), { code: 'malformed_id_token' })
const offline = new Client('http://127.0.0.1:9', 'skc_1234567890', { clientSecret: 's3cret' })
await assert.rejects(offline.authenticateWithCode('abc', 'https://yourapp.com/cb', { timeoutMs: 2000 }), { code: 'network_error' })
console.log('packed package: authenticateWithCode reports network_error')

// Issues 12 and 13 through ESM.
import { TransactionKeys, WebLogin } from 'loginkit'
import { loginRouter } from 'loginkit/express'
import { loginHandler, currentUser } from 'loginkit/http'
import express from 'loginkit/express'
assert.equal(express.loginRouter, loginRouter)
const keys = new TransactionKeys([TransactionKeys.generateKey()])
const web = new WebLogin(new Client('https://acme.scalekit.dev', 'skc_1234567890'), keys, 'https://yourapp.com/auth/callback')
const handle = loginHandler(web)
const written = { statusCode: 0, headers: {}, setHeader(name, value) { this.headers[name] = value }, end() { this.ended = true } }
assert.equal(await handle({ method: 'GET', url: '/login', headers: {} }, written), true)
assert.equal(written.statusCode, 302)
assert.ok(written.headers['Set-Cookie'].startsWith('loginkit_tx_'))
assert.equal(await handle({ method: 'GET', url: '/', headers: {} }, written), false)
assert.equal(currentUser({ method: 'GET', url: '/', headers: {} }, web), null)
console.log('packed package: loginkit/http through ESM')
