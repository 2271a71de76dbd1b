#!/usr/bin/env node
// Headless login driver for testing/op/server.mjs (no browser): follows the
// provider's redirects with a hand-kept cookie jar, submits the sign-up
// (prompt=create), login, consent and logout-confirmation forms, and stops
// at the first redirect whose Location is not on the provider's origin.
//
//   node drive-login.mjs '<authorization or logout URL>'
//
// stdout: that off-origin URL (the relying party's callback), exit 0.
// Exit 1: an unexpected response (status and the first 500 characters of
//         the body on stderr), a network error, or too many steps.
// Exit 2: usage error.
// Exit 3: the flow ended on the provider's own "Sign-out Success" page (a
//         logout without an honoured post_logout_redirect_uri); its URL is
//         printed on stdout.
//
// Environment: OP_LOGIN (default alice), OP_PASSWORD (default "password";
// any value is accepted), OP_NAME (display name for the sign-up form,
// optional), OP_DRIVER_DEBUG=1 traces every step on stderr, OP_COOKIE_JAR=
// <file> loads the provider's cookies from that JSON file (if it exists) and
// saves them back on exit, so a later run (a logout, a second login) is the
// same browser session.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const MAX_STEPS = 30;

const login = process.env.OP_LOGIN || 'alice';
const password = process.env.OP_PASSWORD || 'password';
const signupName = process.env.OP_NAME || '';
const debug = process.env.OP_DRIVER_DEBUG === '1';
const jarFile = process.env.OP_COOKIE_JAR || '';

// Cookies are only ever set by and sent to the provider's origin. Kept per
// (name, path) with RFC 6265 path matching, because oidc-provider scopes its
// interaction cookies to /interaction/<uid> and /oauth/authorize/<uid>.
const jar = new Map(); // `${name}\t${path}` -> { name, value, path, expires }
let opOrigin;

function fail(message, code = 1) {
  process.stderr.write(`drive-login: ${message}\n`);
  exit(code);
}

function exit(code) {
  if (jarFile && opOrigin) {
    try {
      writeFileSync(jarFile, JSON.stringify({ origin: opOrigin, cookies: [...jar.values()] }));
    } catch (err) {
      process.stderr.write(`drive-login: cannot save ${jarFile}: ${err.message}\n`);
    }
  }
  process.exit(code);
}

function trace(message) {
  if (debug) process.stderr.write(`drive-login: ${message}\n`);
}

const start = process.argv[2];
if (!start || process.argv.length > 3) fail('usage: node drive-login.mjs <authorization_url>', 2);

let startUrl;
try {
  startUrl = new URL(start);
} catch {
  fail(`not a URL: ${start}`, 2);
}
opOrigin = startUrl.origin;

// ------------------------------------------------------------ cookie jar --

if (jarFile && existsSync(jarFile)) {
  try {
    const saved = JSON.parse(readFileSync(jarFile, 'utf8'));
    if (saved.origin === opOrigin) {
      for (const c of saved.cookies) jar.set(`${c.name}\t${c.path}`, c);
    }
  } catch (err) {
    fail(`cannot read ${jarFile}: ${err.message}`);
  }
}

function defaultPath(url) {
  const p = url.pathname;
  if (!p.startsWith('/') || p.lastIndexOf('/') === 0) return '/';
  return p.slice(0, p.lastIndexOf('/'));
}

function storeCookies(response, url) {
  const lines = response.headers.getSetCookie?.() ?? [];
  for (const line of lines) {
    const [pair, ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let path = defaultPath(url);
    let expires;
    for (const attr of attrs) {
      const i = attr.indexOf('=');
      const key = (i === -1 ? attr : attr.slice(0, i)).trim().toLowerCase();
      const val = i === -1 ? '' : attr.slice(i + 1).trim();
      if (key === 'path' && val.startsWith('/')) path = val;
      else if (key === 'max-age') expires = Date.now() + Number(val) * 1000;
      else if (key === 'expires' && expires === undefined) expires = Date.parse(val);
    }
    const id = `${name}\t${path}`;
    if (expires !== undefined && expires <= Date.now()) jar.delete(id);
    else jar.set(id, { name, value, path, expires });
  }
}

function pathMatches(requestPath, cookiePath) {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function cookieHeader(url) {
  if (url.origin !== opOrigin) return undefined;
  const now = Date.now();
  const matching = [...jar.values()]
    .filter((c) => (c.expires === undefined || c.expires > now) && pathMatches(url.pathname, c.path))
    .sort((a, b) => b.path.length - a.path.length);
  return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
}

// ---------------------------------------------------------------- HTML --

function decodeEntities(s) {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attributes(tag) {
  const attrs = {};
  const re = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  const inner = tag.replace(/^<\s*\w+/, '').replace(/\/?>$/, '');
  for (const m of inner.matchAll(re)) {
    attrs[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return attrs;
}

function forms(html) {
  const out = [];
  for (const m of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/gi)) {
    const open = /<form\b[^>]*>/i.exec(m[0])[0];
    const attrs = attributes(open);
    const inputs = [...m[1].matchAll(/<input\b[^>]*>/gi)].map((i) => attributes(i[0]));
    out.push({ attrs, inputs });
  }
  return out;
}

function hiddenFields(form) {
  const fields = new URLSearchParams();
  for (const input of form.inputs) {
    if ((input.type || 'text').toLowerCase() === 'hidden' && input.name) {
      fields.append(input.name, input.value ?? '');
    }
  }
  return fields;
}

// Decide what to submit on a 200 HTML page; undefined if it is not a page
// this driver knows.
function nextSubmission(html, pageUrl) {
  const all = forms(html);
  for (const form of all) {
    const fields = hiddenFields(form);
    const names = new Set(form.inputs.map((i) => i.name).filter(Boolean));
    const action = new URL(form.attrs.action || pageUrl.href, pageUrl);
    const method = (form.attrs.method || 'get').toUpperCase();
    const prompt = fields.get('prompt');

    if (prompt === 'create') {
      fields.set('login', login);
      if (names.has('password')) fields.set('password', password);
      if (names.has('name')) fields.set('name', signupName);
      return { kind: 'sign-up', method, action, fields };
    }
    if (prompt === 'login' || (names.has('login') && names.has('password'))) {
      fields.set('login', login);
      if (names.has('password')) fields.set('password', password);
      return { kind: 'login', method, action, fields };
    }
    if (prompt === 'consent') {
      return { kind: 'consent', method, action, fields };
    }
    if (form.attrs.id === 'op.logoutForm') {
      fields.set('logout', 'yes');
      return { kind: 'logout confirmation', method, action, fields };
    }
    // Auto-submitting form (oidc-provider's form_post pages): all inputs
    // hidden, submitted by script in a browser.
    if (form.inputs.length && form.inputs.every((i) => (i.type || 'text').toLowerCase() === 'hidden')
        && /\.submit\(\)|requestSubmit\(\)/.test(html)) {
      return { kind: 'auto-submit form', method, action, fields };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- drive --

async function request(method, url, fields) {
  const headers = { accept: 'text/html,application/xhtml+xml' };
  const cookie = cookieHeader(url);
  if (cookie) headers.cookie = cookie;
  const init = { method, headers, redirect: 'manual' };
  let target = url;
  if (fields && method === 'POST') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    init.body = fields.toString();
  } else if (fields) {
    target = new URL(url);
    target.search = fields.toString();
  }
  trace(`${method} ${target.href}${init.body !== undefined ? ` [fields: ${[...fields.keys()].join(',')}]` : ''}`);
  let response;
  try {
    response = await fetch(target, init);
  } catch (err) {
    fail(`${method} ${target.href} failed: ${err.cause?.message || err.message}`);
  }
  storeCookies(response, target);
  return { response, url: target };
}

async function unexpected(response, url, why) {
  const body = await response.text().catch(() => '');
  fail(`unexpected response (${why}) from ${url.href}: HTTP ${response.status}\n${body.slice(0, 500)}`);
}

let step = { method: 'GET', url: startUrl, fields: undefined };

for (let i = 0; i < MAX_STEPS; i += 1) {
  const { response, url } = await request(step.method, step.url, step.fields);

  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location');
    if (!location) await unexpected(response, url, 'redirect without Location');
    const next = new URL(location, url);
    trace(`-> ${response.status} ${next.href}`);
    if (next.origin !== opOrigin) {
      process.stdout.write(`${next.href}\n`);
      exit(0);
    }
    step = { method: 'GET', url: next, fields: undefined };
    continue;
  }

  const type = response.headers.get('content-type') || '';
  if (response.status === 200 && type.includes('text/html')) {
    const html = await response.text();
    if (/<title>\s*Sign-out Success\s*<\/title>/i.test(html)) {
      process.stdout.write(`${url.href}\n`);
      fail('ended on the provider\'s Sign-out Success page (no post_logout_redirect_uri honoured)', 3);
    }
    const submission = nextSubmission(html, url);
    if (!submission) {
      fail(`unexpected page from ${url.href}: HTTP ${response.status}\n${html.slice(0, 500)}`);
    }
    trace(`page: ${submission.kind}`);
    if (submission.action.origin !== opOrigin) {
      // response_mode=form_post: the result is POSTed to the relying party.
      const out = new URL(submission.action);
      for (const [k, v] of submission.fields) out.searchParams.append(k, v);
      process.stderr.write('drive-login: form_post response: the parameters below were a POST body, shown as a query\n');
      process.stdout.write(`${out.href}\n`);
      exit(0);
    }
    step = { method: submission.method, url: submission.action, fields: submission.fields };
    continue;
  }

  await unexpected(response, url, 'neither a redirect nor a known form page');
}

fail(`gave up after ${MAX_STEPS} steps`);
