// The browser test every example app must pass, in Debian's Chromium
// (headless, driven by playwright-core; Playwright's own browser download
// is not used). Usage:
//
//   node testing/e2e/run.mjs <name> <app base URL, e.g. http://127.0.0.1:9501>
//
// The app contract: GET / shows links "Log in" (/login), "Sign up"
// (/signup) and "Log out" (/logout), and, with a session, the verified
// email in an element with id="user-email"; /auth/callback finishes the
// login and redirects to /; a failed callback answers 4xx with an element
// id="login-error" holding the error code, and sets no session.
// Screenshots go to target/e2e/<name>-*.png.
import { chromium } from 'playwright-core'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const [name, base] = process.argv.slice(2)
if (!name || !base) {
  console.error('usage: run.mjs <name> <app base URL>')
  process.exit(2)
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const shots = join(root, 'target', 'e2e')
mkdirSync(shots, { recursive: true })

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
})
let failures = 0
async function check(title, body) {
  const context = await browser.newContext()
  try {
    await body(context)
    console.log(`ok   ${name}: ${title}`)
  } catch (error) {
    failures++
    console.log(`FAIL ${name}: ${title}: ${error.message}`)
  } finally {
    await context.close()
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message)
}

// The provider's own pages: its login form (or our sign-up form), then consent.
async function signInAtProvider(page, login, { signUp = false } = {}) {
  await page.waitForSelector('input[name="login"]')
  assert(!signUp || (await page.textContent('h1')).includes('Sign up'), 'prompt=create did not show the sign-up page')
  await page.fill('input[name="login"]', login)
  await page.fill('input[name="password"]', 'any-password')
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')])
  // Consent (offline_access asks for it), then back to the app.
  if (await page.$('button[autofocus][type="submit"]') && new URL(page.url()).origin !== base) {
    await Promise.all([page.waitForNavigation(), page.click('button[autofocus][type="submit"]')])
  }
  await page.waitForURL((url) => url.origin === base && url.pathname === '/', { timeout: 15000 })
}

async function email(page) {
  const element = await page.$('#user-email')
  return element ? (await element.textContent()).trim() : null
}

await check('log in, see the verified email, log out', async (context) => {
  const page = await context.newPage()
  await page.goto(base + '/')
  assert((await email(page)) === null, 'a session before logging in')
  await Promise.all([page.waitForNavigation(), page.click('text=Log in')])
  await signInAtProvider(page, 'alice')
  assert((await email(page)) === 'alice@example.com', `expected alice@example.com, page shows ${await email(page)}`)
  await page.screenshot({ path: join(shots, `${name}-logged-in.png`) })
  await Promise.all([page.waitForNavigation(), page.click('text=Log out')])
  // The provider asks to confirm the sign-out, then returns to the app.
  if (new URL(page.url()).origin !== base) {
    await Promise.all([page.waitForNavigation(), page.click('button[name="logout"]')])
  }
  await page.waitForURL((url) => url.origin === base, { timeout: 15000 })
  await page.goto(base + '/')
  assert((await email(page)) === null, 'still logged in after logging out')
})

await check('sign up with prompt=create', async (context) => {
  const page = await context.newPage()
  await page.goto(base + '/')
  await Promise.all([page.waitForNavigation(), page.click('text=Sign up')])
  assert(new URL(page.url()).searchParams.get('prompt') === 'create' || page.url().includes('/interaction/'),
    `sign-up did not reach the provider: ${page.url()}`)
  await signInAtProvider(page, 'bob', { signUp: true })
  assert((await email(page)) === 'bob@example.com', `expected bob@example.com, page shows ${await email(page)}`)
})

await check('two tabs log in at once', async (context) => {
  const first = await context.newPage()
  const second = await context.newPage()
  // Both logins start before either finishes: two transaction cookies.
  await first.goto(base + '/login')
  await second.goto(base + '/login')
  await first.waitForSelector('input[name="login"]')
  await second.waitForSelector('input[name="login"]')
  const cookies = (await context.cookies(base)).filter((c) => c.name.startsWith('loginkit_tx_'))
  assert(cookies.length === 2, `expected two transaction cookies, found ${cookies.length}`)
  await signInAtProvider(first, 'carol')
  await signInAtProvider(second, 'carol')
  assert((await email(first)) === 'carol@example.com', 'the first tab did not finish its login')
  assert((await email(second)) === 'carol@example.com', 'the second tab did not finish its login')
})

await check('a tampered callback shows an error and creates no session', async (context) => {
  const page = await context.newPage()
  await page.goto(base + '/login')
  await page.waitForSelector('input[name="login"]')
  // Rewrite the provider's redirect to the callback, changing its state
  // (redirects themselves cannot be routed, so the provider's answer is).
  const provider = new URL(page.url()).origin
  let tampered = null
  await page.route(`${provider}/**`, async (route) => {
    // Follow the provider's own redirects here (the browser would follow
    // them unrouted) until it answers a page or sends us to the app.
    let response = await route.fetch({ maxRedirects: 0 })
    for (let hops = 0; hops < 10; hops++) {
      const next = response.headers()['location']
      if (!next || response.status() < 300 || response.status() > 399 || new URL(next, provider).origin !== provider) break
      // Explicit headers, so the original request's Cookie header does not
      // hide the cookies the provider just set (the context's jar has them).
      response = await route.fetch({ url: new URL(next, provider).href, method: 'GET', headers: { accept: 'text/html' }, maxRedirects: 0 })
    }
    const location = response.headers()['location']
    if (location && location.startsWith(`${base}/auth/callback`)) {
      const url = new URL(location)
      url.searchParams.set('state', 'x' + url.searchParams.get('state'))
      tampered = url.href
      return route.fulfill({ response, headers: { ...response.headers(), location: tampered } })
    }
    return route.fulfill({ response })
  })
  await page.fill('input[name="login"]', 'mallory')
  await page.fill('input[name="password"]', 'any-password')
  await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')])
  if (new URL(page.url()).origin !== base) {
    await Promise.all([page.waitForNavigation(), page.click('button[autofocus][type="submit"]')])
  }
  await page.waitForURL((url) => url.origin === base, { timeout: 15000 })
  assert(tampered, 'the provider never redirected to the callback')
  const code = (await page.textContent('#login-error').catch(() => '')) || ''
  assert(/transaction_missing|state/.test(code), `the error page names no state or transaction error: ${code}`)
  const status = await page.evaluate(async (url) => (await fetch(url, { redirect: 'manual' })).status, tampered)
  assert(status >= 400 && status < 500, `expected a 4xx error page, got ${status}`)
  await page.goto(base + '/')
  assert((await email(page)) === null, 'a tampered callback created a session')
})

await browser.close()
console.log(failures ? `e2e ${name}: ${failures} failed` : `e2e ${name}: all passed`)
process.exit(failures ? 1 : 0)
