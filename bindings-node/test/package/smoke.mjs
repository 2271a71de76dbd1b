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
