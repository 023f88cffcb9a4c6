// What the crash harness needs besides its workload: a seeded PRNG, child processes, and an
// HTTP client that knows how much of a request body went out before the connection died.
import { spawn } from 'node:child_process';
import http from 'node:http';

// mulberry32: small, fast, and the same sequence for the same seed on every machine.
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),  // lo..hi inclusive
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    // Weighted choice from [[weight, value], …].
    weighted(pairs) {
      let r = next() * pairs.reduce((s, [w]) => s + w, 0);
      for (const [w, v] of pairs) if ((r -= w) < 0) return v;
      return pairs[pairs.length - 1][1];
    },
    bytes(n) {
      const b = Buffer.allocUnsafe(n + 3);
      for (let i = 0; i < n; i += 4) b.writeUInt32LE(Math.floor(next() * 4294967296), i);
      return b.subarray(0, n);
    },
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// A deadline for Promise.race that does not keep the process alive once the race is over.
export const deadline = (ms, value = null) => new Promise((r) => setTimeout(() => r(value), ms).unref());

// Runs a program to completion: {code, signal, out, err}.
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '', err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', (e) => resolve({ code: -1, signal: null, out, err: err + e.message }));
    p.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

// Starts a program and gives its handle and a promise of how it ended.
export function start(cmd, args) {
  const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  p.stdout.on('data', (d) => (out += d));
  p.stderr.on('data', (d) => (err += d));
  const done = new Promise((resolve) => {
    p.on('error', (e) => resolve({ code: -1, signal: null, out, err: err + e.message }));
    p.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
  return { proc: p, done };
}

// One request on its own connection. `body` goes out in `chunk`-byte pieces, `paceMs` apart
// (a slow client, so that a kill can land mid-upload). Resolves, never rejects:
// {status, body} when a whole response came back, else {error, sent, total}.
export function request(port, method, path, headers, body = null, { chunk = 65536, paceMs = 0 } = {}) {
  return new Promise((resolve) => {
    const total = body ? body.length : 0;
    let sent = 0, settled = false;
    const finish = (r) => { if (!settled) { settled = true; resolve(r); } };
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent: false,
        headers: { ...headers, ...(body ? { 'Content-Length': total } : {}) } },
      (res) => {
        const parts = [];
        res.on('data', (d) => parts.push(d));
        res.on('end', () => finish({ status: res.statusCode, headers: res.headers,
                                     body: Buffer.concat(parts).toString('utf8'), sent, total }));
        res.on('error', (e) => finish({ error: e.code || e.message, sent, total }));
        res.on('aborted', () => finish({ error: 'aborted', sent, total }));
      });
    req.on('error', (e) => finish({ error: e.code || e.message, sent, total }));
    if (!body) return req.end();
    (async () => {
      for (let at = 0; at < total && !settled; at += chunk) {
        const piece = body.subarray(at, Math.min(total, at + chunk));
        const flushed = req.write(piece);
        sent = at + piece.length;
        if (!flushed)
          await new Promise((r) => {
            const on = () => { req.off('drain', on); req.off('close', on); r(); };
            req.on('drain', on);
            req.on('close', on);
          });
        if (paceMs) await sleep(paceMs);
      }
      if (!settled) req.end();
    })();
  });
}

// A multipart/form-data body: fields [[name, value]] and one file.
export function multipart(fields, file) {
  const boundary = '----crosswalk-crash-' + Math.random().toString(16).slice(2);
  const parts = [];
  for (const [name, value] of fields)
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; ` +
                         `filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`));
  parts.push(file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

export function json(text) {
  try { return JSON.parse(text); } catch { return null; }
}
