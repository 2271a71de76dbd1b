// The seed authorization URL per call, in one process and one run:
// loginkit, the official @scalekit-sdk/node (devDependency; its
// constructor makes no network call), and URLSearchParams by hand. Then
// the time to require each package, in fresh processes.
//
//   npm run bench        (from bindings-node/, after npm install and a build)

import { createRequire } from 'node:module'
import { execFileSync } from 'node:child_process'

const require = createRequire(import.meta.url)
const ENV_URL = 'https://acme.scalekit.dev'
const CLIENT_ID = 'skc_1234567890'
const REDIRECT_URI = 'https://yourapp.com/auth/callback'
const SCOPES = ['openid', 'profile', 'email', 'offline_access']
const STATE = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'

const loginkit = new (require('../index.js').Client)(ENV_URL, CLIENT_ID)
const { Scalekit } = require('@scalekit-sdk/node')
const official = new Scalekit(ENV_URL, CLIENT_ID, 'offline-secret')

// Each contender builds its client once and its options per call.
const contenders = {
  loginkit: () => loginkit.getAuthorizationUrl(REDIRECT_URI, { scopes: SCOPES, state: STATE }),
  '@scalekit-sdk/node': () => official.getAuthorizationUrl(REDIRECT_URI, { scopes: SCOPES, state: STATE }),
  'URLSearchParams': () => {
    const query = new URLSearchParams({ response_type: 'code', client_id: CLIENT_ID, redirect_uri: REDIRECT_URI,
      scope: SCOPES.join(' '), state: STATE })
    return `${ENV_URL}/oauth/authorize?${query}`
  },
}

function perCall(build, calls = 200_000, rounds = 7) {
  for (let i = 0; i < 20_000; i++) build() // warm up the JIT
  let best = Infinity
  for (let round = 0; round < rounds; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < calls; i++) build()
    best = Math.min(best, Number(process.hrtime.bigint() - start) / calls)
  }
  return best
}

function requireTime(specifier, runs = 5) {
  const script = `const t = process.hrtime.bigint(); require(${JSON.stringify(specifier)}); console.log(Number(process.hrtime.bigint() - t) / 1e6)`
  const samples = Array.from({ length: runs }, () => Number(execFileSync(process.execPath, ['-e', script], { cwd: new URL('..', import.meta.url) })))
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)]
}

const urls = Object.fromEntries(Object.entries(contenders).map(([name, build]) => [name, build()]))
const times = Object.fromEntries(Object.entries(contenders).map(([name, build]) => [name, perCall(build)]))
const officialTime = times['@scalekit-sdk/node']
console.log(`${'seed authorization URL'.padEnd(24)}${'per call'.padStart(12)}${'vs official'.padStart(14)}`)
for (const [name, ns] of Object.entries(times)) {
  console.log(`${name.padEnd(24)}${(ns / 1000).toFixed(2).padStart(9)} µs${(ns / officialTime).toFixed(2).padStart(13)}x`)
}
console.log()
const loginkitRequire = requireTime('./index.js')
const officialRequire = requireTime('@scalekit-sdk/node')
console.log(`${'require (median of 5)'.padEnd(24)}${'time'.padStart(12)}${'vs official'.padStart(14)}`)
console.log(`${'loginkit'.padEnd(24)}${loginkitRequire.toFixed(1).padStart(9)} ms${(loginkitRequire / officialRequire).toFixed(3).padStart(13)}x`)
console.log(`${'@scalekit-sdk/node'.padEnd(24)}${officialRequire.toFixed(1).padStart(9)} ms${'1.000'.padStart(13)}x`)
console.log()
for (const [name, url] of Object.entries(urls)) console.log(`${name}: ${url}`)
