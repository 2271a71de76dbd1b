// Token-response parsing + RS256 (2048-bit) ID-token verification per call:
// loginkit side by side with the npm package jose (a devDependency), on the
// same token response, the same ID token and the same key, in one process.
//
//   node benches/id-token.bench.mjs      (from bindings-node/, after npm install and a build)
//
// Every contender does the whole job per call: read the token endpoint's
// JSON answer (access_token present, token_type Bearer) and verify the ID
// token's signature and claims (iss, aud, exp/iat with 60 s leeway, nonce).
//
// - loginkit, receive: client.exchangeCode(...).receive(200, body), the
//   sans-IO exchange, synchronous: one native call parses the answer and
//   verifies. The key set is in the client's cache (as after the first
//   login). It also builds the token request, which jose does not.
// - loginkit, receiveAsync: the same step on libuv's thread pool.
// - loginkit, authenticateWithCode: the whole call with a fetch that
//   answers from memory (no network): option checks, the token request,
//   AbortSignal.timeout (about 10 µs of CPU by itself), fetch, receive, the
//   result: plumbing the jose row does not have.
// - loginkit, sans-IO: parseTokenResponse, then client.verifyIdToken with
//   the JWKS as text, which the core parses again on every call.
// - jose: JSON.parse and the two checks, then jwtVerify against a
//   createLocalJWKSet built once (jose imports the key on first use and
//   keeps it), then the nonce comparison.
//
// jose's jwtVerify is async (WebCrypto's subtle.verify runs on libuv's
// thread pool), as are loginkit's receiveAsync and authenticateWithCode;
// receive and the sans-IO calls are synchronous. All are measured in the
// same async harness, each call awaited, in two ways:
//   sequential    one call at a time (await each): the latency a callback
//                 handler sees;
//   64 in flight  batches of 64 concurrent calls (Promise.all): throughput,
//                 where the async contenders spread the signature checks
//                 over the thread pool's threads (all the machine's cores)
//                 and the synchronous ones run on the calling thread.
// Each figure is the best of 7 rounds (interleaved across contenders) of
// the mean time per call, as wall time and as CPU time (user + system of
// every thread of the process, so thread-pool work counts too).

import { createRequire } from 'node:module'
import * as jose from 'jose'

const require = createRequire(import.meta.url)
const loginkit = require('../index.js')

const ISSUER = 'https://acme.scalekit.dev'
const CLIENT_ID = 'skc_1234567890'
const REDIRECT_URI = 'https://yourapp.com/auth/callback'
const CODE = 'SplxlOBeZQQYbYS6WxSbIA'
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const NONCE = 'n-0S6_WzA2Mj'

// The fixture: one 2048-bit RSA key, its JWKS, an RS256 ID token and the
// token endpoint's answer carrying it.
const { publicKey, privateKey } = await jose.generateKeyPair('RS256', { modulusLength: 2048, extractable: true })
const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'rsa-2048-a', alg: 'RS256', use: 'sig' }
const JWKS_TEXT = JSON.stringify({ keys: [jwk] })
const now = Math.floor(Date.now() / 1000)
const ID_TOKEN = await new jose.SignJWT({ nonce: NONCE, email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace' })
  .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
  .setIssuer(ISSUER).setSubject('usr_0123456789').setAudience(CLIENT_ID)
  .setIssuedAt(now).setExpirationTime(now + 3600)
  .sign(privateKey)
const BODY = JSON.stringify({
  access_token: 'at_Zx81kLpQ2vN4', token_type: 'Bearer', expires_in: 3600, refresh_token: 'rt_8xLOxBtZp8',
  id_token: ID_TOKEN, scope: 'openid profile email offline_access',
})

const client = new loginkit.Client(ISSUER, CLIENT_ID, { clientSecret: 'test_secret_abc123' })
// Warm the client's JWKS cache the way the first login does.
{
  const exchange = client.exchangeCode(CODE, REDIRECT_URI, { codeVerifier: VERIFIER, nonce: NONCE })
  const step = exchange.receive(200, BODY)
  if (step.done || step.request.url !== `${ISSUER}/keys`) throw new Error('expected a JWKS fetch first')
  exchange.receive(200, JWKS_TEXT)
}
const joseKeys = jose.createLocalJWKSet(JSON.parse(JWKS_TEXT))

// The token endpoint's answer without the network: what fetch resolves to.
const memoryFetch = async () => ({ status: 200, text: async () => BODY })

const contenders = {
  'loginkit, receive': () =>
    client.exchangeCode(CODE, REDIRECT_URI, { codeVerifier: VERIFIER, nonce: NONCE }).receive(200, BODY).result.user,
  'loginkit, receiveAsync': async () =>
    (await client.exchangeCode(CODE, REDIRECT_URI, { codeVerifier: VERIFIER, nonce: NONCE }).receiveAsync(200, BODY)).result.user,
  'loginkit, authenticateWithCode': async () =>
    (await client.authenticateWithCode(CODE, REDIRECT_URI, { codeVerifier: VERIFIER, nonce: NONCE, fetch: memoryFetch })).user,
  'loginkit, sans-IO': () => {
    const tokens = loginkit.parseTokenResponse(200, BODY)
    return client.verifyIdToken(tokens.idToken, JWKS_TEXT, { nonce: NONCE })
  },
  jose: async () => {
    const tokens = JSON.parse(BODY)
    if (typeof tokens.access_token !== 'string' || tokens.access_token === '') throw new Error('no access_token')
    if (typeof tokens.token_type !== 'string' || tokens.token_type.toLowerCase() !== 'bearer') throw new Error('not Bearer')
    const { payload } = await jose.jwtVerify(tokens.id_token, joseKeys, {
      issuer: ISSUER, audience: CLIENT_ID, algorithms: ['RS256'], clockTolerance: 60, requiredClaims: ['sub', 'iat', 'exp'],
    })
    if (payload.nonce !== NONCE) throw new Error('nonce mismatch')
    return payload
  },
}

// Same answer from everyone before anything is timed.
for (const [name, verify] of Object.entries(contenders)) {
  const claims = await verify()
  if (claims.sub !== 'usr_0123456789' || claims.nonce !== NONCE || claims.email !== 'ada@example.com') {
    throw new Error(`${name} returned ${JSON.stringify(claims)}`)
  }
}

/** One round: the wall time and CPU time per call of `calls` calls, `inFlight` at a time. */
async function round(verify, inFlight, calls) {
  const batch = () => Promise.all(Array.from({ length: inFlight }, () => verify()))
  const cpuStart = process.cpuUsage()
  const start = process.hrtime.bigint()
  if (inFlight === 1) {
    for (let i = 0; i < calls; i++) await verify()
  } else {
    for (let i = 0; i < calls; i += inFlight) await batch()
  }
  const wall = Number(process.hrtime.bigint() - start) / calls
  const used = process.cpuUsage(cpuStart)
  return { wall, cpu: ((used.user + used.system) * 1000) / calls }
}

// Rounds are interleaved (every contender once per round, in turn), so a
// change in the machine's load falls on all of them alike; each figure is
// the best round.
const ROUNDS = 7
const CALLS = 5_120
const rows = Object.fromEntries(Object.keys(contenders).map((name) => [name, {
  sequential: { wall: Infinity, cpu: Infinity }, parallel: { wall: Infinity, cpu: Infinity },
}]))
for (const verify of Object.values(contenders)) await round(verify, 64, 2_048) // warm up the JIT
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, verify] of Object.entries(contenders)) {
    for (const [mode, inFlight] of [['sequential', 1], ['parallel', 64]]) {
      const { wall, cpu } = await round(verify, inFlight, CALLS)
      rows[name][mode].wall = Math.min(rows[name][mode].wall, wall)
      rows[name][mode].cpu = Math.min(rows[name][mode].cpu, cpu)
    }
  }
}
const µs = (ns) => `${(ns / 1000).toFixed(1).padStart(7)} µs`
const ratio = (ns, base) => `${(ns / base).toFixed(2).padStart(6)}x`
console.log(`token response + RS256 ID token, per call (Node ${process.version}, jose ${require('jose/package.json').version}, ` +
  `best of ${ROUNDS} interleaved rounds of ${CALLS} calls; CPU = user + system time of all the process's threads)`)
console.log(`${''.padEnd(32)}${'sequential'.padStart(11)}${'vs jose'.padStart(8)}${'CPU'.padStart(11)}${'vs jose'.padStart(8)}` +
  `${'64 in flight'.padStart(14)}${'vs jose'.padStart(8)}${'CPU'.padStart(11)}${'vs jose'.padStart(8)}`)
const base = rows.jose
for (const [name, { sequential, parallel }] of Object.entries(rows)) {
  console.log(`${name.padEnd(32)}${µs(sequential.wall).padStart(11)}${ratio(sequential.wall, base.sequential.wall).padStart(8)}` +
    `${µs(sequential.cpu).padStart(11)}${ratio(sequential.cpu, base.sequential.cpu).padStart(8)}` +
    `${µs(parallel.wall).padStart(14)}${ratio(parallel.wall, base.parallel.wall).padStart(8)}` +
    `${µs(parallel.cpu).padStart(11)}${ratio(parallel.cpu, base.parallel.cpu).padStart(8)}`)
}
