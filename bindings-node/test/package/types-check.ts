// Type-checked (tsc --noEmit) against the packed package's index.d.ts.
import { Client, LoginKitError, AuthorizationError, type AuthorizationUrlOptions } from 'loginkit'

const client = new Client('https://acme.scalekit.dev', 'skc_1234567890')
const options: AuthorizationUrlOptions = { scopes: ['openid'], state: 's', extraParams: [['resource', 'r']] }
const url: string = client.getAuthorizationUrl('https://yourapp.com/cb', options)
const login = client.startLogin('https://yourapp.com/cb', { prompt: 'create' })
const verifier: string = login.codeVerifier
try {
  client.parseCallback(url, login.state)
} catch (error) {
  if (error instanceof AuthorizationError) console.log(error.errorDescription ?? error.error)
  else if (error instanceof LoginKitError) console.log(error.code)
}
// @ts-expect-error scopes must be an array of strings
client.getAuthorizationUrl('https://yourapp.com/cb', { scopes: 'openid' })
// @ts-expect-error unknown option
client.getAuthorizationUrl('https://yourapp.com/cb', { loginhint: 'a@b.co' })
void verifier
