#!/usr/bin/env node
// Crash harness (docs/crash-safety.md): kills `crosswalk serve` or CLI commands with SIGKILL at
// random moments while they upload evidence, import tools' results, edit controls, add risks and
// import an OSCAL catalog; after each kill, `crosswalk check` must pass, a restarted server must
// answer, every acknowledged operation must be there and each one in flight whole or absent.
//
//   node tests/crash/crash.mjs [--kills N] [--seed S] [--db URL | --db-url-file FILE]
//        [--binary PATH] [--work DIR] [--keep] [--verbose]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { deadline, prng, request, run, sleep, json } from './util.mjs';
import { Planner, EDITED_CONTROLS, OSCAL_FILES, runHttp, startCli } from './workload.mjs';
import { Model, readBack, verify } from './model.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const opt = { kills: 100, seed: Date.now() % 1000000007, binary: path.join(root, 'build/release/src/cli/crosswalk'),
              db: '', work: '', keep: false, verbose: false };
for (let i = 2; i < process.argv.length; ++i) {
  const a = process.argv[i], v = () => process.argv[++i];
  if (a === '--kills') opt.kills = Number(v());
  else if (a === '--seed') opt.seed = Number(v());
  else if (a === '--db') opt.db = v();
  else if (a === '--db-url-file') opt.db = fs.readFileSync(v(), 'utf8').trim();
  else if (a === '--binary') opt.binary = v();
  else if (a === '--work') opt.work = v();
  else if (a === '--keep') opt.keep = true;
  else if (a === '--verbose') opt.verbose = true;
  else if (/^\d+$/.test(a)) opt.kills = Number(a);
  else { console.error(`crash: unknown argument ${a}`); process.exit(2); }
}
const engine = opt.db ? 'postgresql' : 'sqlite';
const log = (...m) => opt.verbose && console.log(...m);
const work = opt.work || fs.mkdtempSync(path.join(os.tmpdir(), 'crosswalk-crash-'));
const env = { binary: opt.binary, work, samples: path.resolve(root, '../shared/samples'),
              oscal: path.resolve(root, '../shared/oscal/content'), global: ['--data', path.join(work, 'data')],
              frameworkCounts: {} };
let dbName = '', baseUrl = '';

const stats = { iterations: 0, kills: 0, serverKills: 0, cliKills: 0, processesKilled: 0, ops: 0, acked: 0,
                verified: 0, refused: 0, inflight: 0, notSent: 0, committed: 0, absent: 0, checkRuns: 0,
                checkPassed: 0, checkLines: 0, checkSkipped: new Set(), restarts: 0, restartMsMax: 0,
                restartMsTotal: 0, tmpLeftovers: 0, byPhase: new Map() };

function die(iter, what) {
  console.error(`crash: FAILED at iteration ${iter} (seed ${opt.seed}, ${engine}): ${what}`);
  console.error(`crash: data kept in ${work}${dbName ? `, database ${dbName}` : ''}; replay: node tests/crash/crash.mjs --seed ${opt.seed} --kills ${opt.kills}${opt.db ? ' --db URL' : ''}`);
  process.exit(1);
}

async function cw(iter, ...args) {
  const r = await run(opt.binary, [...env.global, ...args]);
  if (r.code !== 0) die(iter, `crosswalk ${args.join(' ')}: exit ${r.code}: ${r.err.trim()}`);
  return r.out;
}

async function setUp() {
  if (opt.db) {
    baseUrl = opt.db;
    dbName = `crash_${process.pid}_${Date.now() % 100000}`;
    const created = await run('psql', ['-qAt', baseUrl, '-c', `CREATE DATABASE ${dbName}`]);
    if (created.code !== 0) die(0, `cannot create database: ${created.err}`);
    const u = new URL(baseUrl);
    u.pathname = '/' + dbName;
    env.global.push('--db', u.toString());
    // amcheck lets `crosswalk check` verify indexes and heap pages; the test cluster's user may add it.
    const ext = await run('psql', ['-qAt', u.toString(), '-c', 'CREATE EXTENSION IF NOT EXISTS amcheck']);
    if (ext.code !== 0) log(`amcheck not available: ${ext.err.trim()}`);
  }
  await cw(0, 'init');
  await cw(0, 'control', 'adopt', '--all');
  const add = spawn(opt.binary, [...env.global, 'user', 'add', 'crash', '--role', 'admin', '--password-stdin'],
                    { stdio: ['pipe', 'ignore', 'inherit'] });
  add.stdin.end('a long enough passphrase for the crash test\n');
  await new Promise((r) => add.on('close', r));
  env.token = (await cw(0, 'token', 'create', '--user', 'crash')).trim();
  for (const f of OSCAL_FILES)
    env.frameworkCounts[f] = json(await cw(0, '--json', 'framework', 'import', '--dry-run', '--id', 'crash-oscal',
                                           path.join(env.oscal, f))).requirements;
}

async function startServer(iter) {
  const began = Date.now();
  const proc = spawn(opt.binary, [...env.global, 'serve', '--listen', '127.0.0.1:0', '--no-scheduler'],
                     { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  proc.stderr.on('data', (d) => (err += d));
  const done = new Promise((r) => proc.on('close', (code, signal) => r({ code, signal })));
  const port = await new Promise((resolve) => {
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolve(Number(m[1]));
    });
    done.then(() => resolve(0));
    deadline(30000, 0).then(resolve);
  });
  if (!port) die(iter, `the server did not start: ${err.trim().slice(-500)}`);
  const health = await request(port, 'GET', '/healthz', {});
  if (health.status !== 200 || json(health.body)?.status !== 'ok') die(iter, `the restarted server does not answer /healthz: ${health.error || health.body}`);
  const ms = Date.now() - began;
  stats.restarts++;
  stats.restartMsTotal += ms;
  stats.restartMsMax = Math.max(stats.restartMsMax, ms);
  return { proc, done, port, pid: proc.pid };
}

async function stopServer(server) {
  server.proc.kill('SIGTERM');
  const ended = await Promise.race([server.done, deadline(15000)]);
  if (!ended) { server.proc.kill('SIGKILL'); await server.done; }
}

// When to kill: spread so that some kills land at once, some mid-upload, mid-import, mid-commit.
const killDelay = (rng, cli) => rng.weighted(cli
  ? [[35, rng.int(10, 400)], [65, rng.int(400, 1800)]]
  : [[30, rng.int(5, 250)], [45, rng.int(250, 1500)], [25, rng.int(1500, 3000)]]);

let answered = 0;  // order in which operations got their answer
async function serverRound(iter, rng, planner, server) {
  const workers = rng.int(2, 5), delay = killDelay(rng, false), ops = [];
  let n = 0, stop = false;
  const loops = Array.from({ length: workers }, async () => {
    while (!stop) {
      const op = planner.op(iter, ++n, 'http');
      ops.push(op);
      await runHttp(op, server.port, env.token, env.samples);
      if (op.state !== 'inflight') { op.doneAt = ++answered; planner.release(op); }
      if (op.state === 'inflight' && /ECONNREFUSED/.test(op.detail)) op.notSent = true;
    }
  });
  await sleep(delay);
  stop = true;
  server.proc.kill('SIGKILL');
  const end = await server.done;
  if (end.signal !== 'SIGKILL') die(iter, `the server ended by itself before the kill (${JSON.stringify(end)})`);
  await Promise.race([Promise.all(loops), deadline(20000)]);
  stats.serverKills++;
  stats.processesKilled++;
  log(`#${iter} server killed after ${delay} ms, ${workers} in flight at a time, ${ops.length} operations`);
  return { ops, killed: true, deadPids: [server.pid] };
}

async function cliRound(iter, rng, planner) {
  const count = rng.int(1, 3), delay = killDelay(rng, true), ops = [], running = [];
  for (let j = 0; j < count; ++j) {
    const op = planner.op(iter, j + 1, 'cli');
    ops.push(op);
    const offset = Math.min(rng.int(0, 150), delay);
    running.push(sleep(offset).then(() => {
      const c = startCli(op, env);
      c.finished.then((o) => { if (o.state !== 'inflight') { o.doneAt = ++answered; planner.release(o); } });
      return c;
    }));
  }
  await sleep(delay);
  const children = await Promise.all(running);
  for (const c of children) if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  await Promise.all(children.map((c) => c.finished));
  const killed = ops.filter((o) => o.state === 'inflight').length;
  stats.processesKilled += killed;
  if (killed) stats.cliKills++;
  log(`#${iter} CLI: ${ops.map((o) => `${o.kind}:${o.state}`).join(' ')} (kill at ${delay} ms)`);
  return { ops, killed: killed > 0, deadPids: children.map((c) => c.proc.pid) };
}

async function check(iter) {
  const r = await run(opt.binary, [...env.global, '--json', 'check']);
  const report = json(r.out);
  stats.checkRuns++;
  if (!report) die(iter, `crosswalk check printed no report (exit ${r.code}): ${r.err.trim()}`);
  for (const c of report.checks) {
    stats.checkLines++;
    if (c.outcome === 'skipped') stats.checkSkipped.add(`${c.name}: ${c.detail}`);
  }
  const bad = report.checks.filter((c) => c.outcome === 'failed');
  if (r.code !== 0 || !report.ok || bad.length)
    die(iter, `crosswalk check failed (exit ${r.code}): ${bad.map((c) => `${c.name}: ${c.detail}`).join('; ')}`);
  stats.checkPassed++;
}

// Upload files of a killed server are removed when the next server starts.
function tmpFiles(deadPids, iter) {
  let names = [];
  try { names = fs.readdirSync(path.join(work, 'data', 'vault', 'tmp')); } catch { return; }
  const stale = names.filter((f) => deadPids.some((pid) => f.startsWith(`upload-${pid}-`)));
  if (stale.length) die(iter, `upload files of the killed process left in vault/tmp: ${stale.join(', ')}`);
  stats.tmpLeftovers = names.length;
}

async function main() {
  const began = Date.now();
  await setUp();
  const model = new Model();
  let server = await startServer(0);
  const initial = await readBack(server.port, env.token, model);
  for (const c of EDITED_CONTROLS) {
    const got = initial.controls.get(c);
    if (!got) die(0, `control ${c} was not adopted`);
    model.controls.set(c, { owner: got.owner, implementation: got.implementation });
  }
  if (initial.journal.length) model.journalSeq = initial.journal[initial.journal.length - 1].seq;

  const master = prng(opt.seed);
  for (let iter = 1; stats.kills < opt.kills && iter <= 3 * opt.kills; ++iter) {
    stats.iterations = iter;
    const rng = prng(Math.floor(master.next() * 4294967296));
    const planner = new Planner(rng, model, env);
    const viaServer = rng.chance(0.6);
    if (!viaServer && server) { await stopServer(server); server = null; }
    if (viaServer && !server) server = await startServer(iter);
    const round = viaServer ? await serverRound(iter, rng, planner, server) : await cliRound(iter, rng, planner);
    if (viaServer) server = null;
    if (round.killed) stats.kills++;

    await check(iter);
    server = await startServer(iter);
    tmpFiles(round.deadPids, iter);
    const s = await readBack(server.port, env.token, model);
    const v = await verify(model, round.ops, s, server.port, env.token);
    if (v.failures.length) die(iter, v.failures.join('\n  '));

    for (const op of round.ops) {
      stats.ops++;
      if (op.state === 'acked') stats.acked++;
      else if (op.state === 'refused') { stats.refused++; log(`  refused: ${op.id} ${op.kind} ${op.detail}`); }
      else if (op.notSent) stats.notSent++;
      else stats.inflight++;
    }
    stats.verified += v.verified;
    for (const [list, outcome] of [[v.committed, 'committed'], [v.absent, 'absent']])
      for (const op of list) {
        if (op.notSent) continue;
        stats[outcome]++;
        const key = `${op.via} ${op.kind} ${op.phase}`;
        const b = stats.byPhase.get(key) || { committed: 0, absent: 0 };
        b[outcome]++;
        stats.byPhase.set(key, b);
      }
  }
  await stopServer(server);
  await check(stats.iterations);
  const seconds = ((Date.now() - began) / 1000).toFixed(1);

  console.log('in flight at the kill (committed / absent):');
  for (const [k, b] of [...stats.byPhase].sort()) console.log(`  ${k.padEnd(28)} ${b.committed} / ${b.absent}`);
  for (const s of stats.checkSkipped) console.log(`check skipped ${s}`);
  console.log(`crash ${engine}: ${stats.kills} kills (${stats.serverKills} server, ${stats.cliKills} CLI; ` +
              `${stats.processesKilled} processes) in ${stats.iterations} iterations; ${stats.ops} operations: ` +
              `${stats.acked} acknowledged, ${stats.verified} verified present, ${stats.refused} refused, ` +
              `${stats.inflight} in flight at the kill (${stats.committed} committed, ${stats.absent} absent, 0 half), ` +
              `${stats.notSent} never reached the server; checks ${stats.checkPassed}/${stats.checkRuns} passed ` +
              `(${stats.checkLines} lines); server restarted ${stats.restarts} times (mean ${Math.round(stats.restartMsTotal / stats.restarts)} ms, ` +
              `max ${stats.restartMsMax} ms); ${stats.tmpLeftovers} files left in vault/tmp; ${seconds} s; seed ${opt.seed}`);
  if (stats.verified !== stats.acked) die(stats.iterations, `${stats.acked} acknowledged but ${stats.verified} verified`);
  if (stats.kills < opt.kills) die(stats.iterations, `only ${stats.kills} kills in ${stats.iterations} iterations`);
  if (dbName && !opt.keep) await run('psql', ['-qAt', baseUrl, '-c', `DROP DATABASE ${dbName} WITH (FORCE)`]);
  if (!opt.keep && !opt.work) fs.rmSync(work, { recursive: true, force: true });
}

main().catch((e) => die(stats.iterations, e.stack || String(e)));
