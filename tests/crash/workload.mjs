// The operations the crash harness runs against `crosswalk serve` (HTTP) or as CLI commands,
// each recorded as acked (a 2xx response / exit 0 with its output), refused (a whole error
// response / another exit code) or in flight (no answer before the kill).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { json, multipart, request, start } from './util.mjs';

export const IMPLEMENTATIONS = ['not-implemented', 'planned', 'partial', 'implemented'];
// Controls the harness edits; adopted by `control adopt --all`.
export const EDITED_CONTROLS = ['ORG-01', 'ORG-02', 'ORG-03', 'TEC-01', 'TEC-02', 'TEC-08', 'AI-01', 'AI-03'];
export const EVIDENCE_CONTROLS = ['ORG-01', 'TEC-08', 'AI-01', 'TEC-13'];

// Real tools' outputs from ../shared/samples (read there, never copied into the project).
export const SAMPLE_FILES = [
  'sarif/trivy-alpine-310.sarif', 'sarif/semgrep-with_dataflow_traces.sarif',
  'sarif/codeql-action-valid-sarif.sarif', 'sarif/spec-appendix_k4.sarif',
  'sarif/sarif-sdk-fortify-ScanWithFailureLevelMatrices.sarif',
  'junit/dorny-jest-junit.xml', 'junit/kubescape-junit_golden.xml', 'junit/trivy-alpine-310.junit.xml',
  'ocsf/prowler-example_output_aws.ocsf.json', 'ocsf/prowler-example_output_kubernetes.ocsf.json',
];
export const OSCAL_FILES = ['NIST_SP-800-53_rev5_catalog.json',
                            'NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog.json'];
export const FRAMEWORK_ID = 'crash-oscal';

// Chooses what the next operation is and what it should leave behind. Control edits and the
// framework form chains: one operation in flight per control (per framework), so that after a
// kill the value found must be the last acknowledged one or the one in flight.
export class Planner {
  constructor(rng, model, env) {
    this.rng = rng;
    this.model = model;
    this.env = env;  // {samples, oscal, work}
    this.busy = new Set();
  }

  op(iter, n, via) {
    const rng = this.rng;
    const kinds = via === 'http'
      ? [[35, 'evidence'], [25, 'import'], [15, 'owner'], [10, 'status'], [15, 'risk']]
      : [[25, 'evidence'], [25, 'import'], [15, 'status'], [15, 'risk'], [20, 'framework']];
    let kind = rng.weighted(kinds);
    const free = EDITED_CONTROLS.filter((c) => !this.busy.has(c));
    if ((kind === 'owner' || kind === 'status') && free.length === 0) kind = 'risk';
    if (kind === 'framework' && this.busy.has(FRAMEWORK_ID)) kind = 'import';
    const op = { id: `${iter}.${n}`, iter, kind, via, state: 'inflight' };
    const tag = `crash-${iter}-${n}`;
    if (kind === 'evidence') {
      const large = rng.chance(0.25);
      const size = large ? rng.int(512 * 1024, 3 * 1024 * 1024) : rng.int(1024, 48 * 1024);
      op.content = Buffer.concat([Buffer.from(`${tag}\n`), rng.bytes(size)]);
      op.sha256 = crypto.createHash('sha256').update(op.content).digest('hex');
      op.size = op.content.length;
      op.filename = `${tag}.bin`;
      op.controls = rng.chance(0.5) ? [rng.pick(EVIDENCE_CONTROLS)] : EVIDENCE_CONTROLS.slice(0, 2);
      op.paceMs = large ? rng.int(5, 20) : 0;
    } else if (kind === 'import') {
      op.file = rng.pick(SAMPLE_FILES);
      op.scope = tag;
    } else if (kind === 'owner' || kind === 'status') {
      op.control = rng.pick(free);
      op.previous = this.model.controls.get(op.control)[kind === 'owner' ? 'owner' : 'implementation'];
      op.value = kind === 'owner' ? `owner ${tag}`
                                  : rng.pick(IMPLEMENTATIONS.filter((v) => v !== op.previous));
      this.busy.add(op.control);
    } else if (kind === 'risk') {
      op.title = `Risk ${tag}`;
      op.likelihood = rng.int(1, 5);
      op.impact = rng.int(1, 5);
    } else if (kind === 'framework') {
      op.previous = this.model.framework;  // requirement count, or null before the first import
      const current = this.model.frameworkFile;
      op.file = OSCAL_FILES[current === OSCAL_FILES[0] ? 1 : 0];
      op.requirements = this.env.frameworkCounts[op.file];
      this.busy.add(FRAMEWORK_ID);
    }
    return op;
  }

  // After a chain's operation has an outcome (or was resolved after the kill).
  release(op) {
    if (op.control) this.busy.delete(op.control);
    if (op.kind === 'framework') this.busy.delete(FRAMEWORK_ID);
  }
}

function settle(op, ok, detail, result) {
  op.state = ok ? 'acked' : 'refused';
  op.detail = detail;
  op.result = result;
  delete op.content;
}

// One operation over HTTP; resolves when it has an outcome or its connection died.
export async function runHttp(op, port, token, samples) {
  const auth = { Authorization: `Bearer ${token}` };
  let r;
  op.phase = 'sending';
  if (op.kind === 'evidence' || op.kind === 'import') {
    const form = op.kind === 'evidence'
      ? multipart([...op.controls.map((c) => ['control', c]), ['valid_days', '365']],
                  { field: 'file', filename: op.filename, content: op.content })
      : multipart([['scope', op.scope]],
                  { field: 'file', filename: path.basename(op.file),
                    content: fs.readFileSync(path.join(samples, op.file)) });
    const path_ = op.kind === 'evidence' ? '/api/v1/evidence' : '/api/v1/imports';
    const pending = request(port, 'POST', path_, { ...auth, 'Content-Type': form.type }, form.body,
                            { paceMs: op.paceMs || 0 });
    r = await pending;
  } else {
    const body = op.kind === 'owner' ? { owner: op.value }
      : op.kind === 'status' ? { implementation: op.value }
      : { fields: { title: op.title, category: 'security', threat: 'crash test', cia: ['integrity'],
                    inherent_likelihood: op.likelihood, inherent_impact: op.impact, owner: 'CISO' } };
    const where = op.kind === 'owner' ? `/api/v1/controls/${op.control}/owner`
      : op.kind === 'status' ? `/api/v1/controls/${op.control}/status` : '/api/v1/registers/risk';
    r = await request(port, op.kind === 'risk' ? 'POST' : 'PUT', where,
                      { ...auth, 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify(body)));
  }
  if (r.error) {
    // No whole answer: the kill came first. Where the request was when the connection died.
    op.phase = r.sent < r.total ? 'sending' : 'waiting';
    op.detail = `${r.error} after ${r.sent}/${r.total} bytes`;
    delete op.content;
    return op;
  }
  const body = json(r.body);
  settle(op, r.status >= 200 && r.status < 300, `HTTP ${r.status}`, body);
  return op;
}

// The CLI command for an operation (files it needs are written under `work`).
export function cliArgs(op, env) {
  switch (op.kind) {
    case 'evidence': {
      const file = path.join(env.work, 'files', op.filename);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, op.content);
      return ['evidence', 'add', ...op.controls.flatMap((c) => ['--control', c]), '--file', file,
              '--valid-days', '365'];
    }
    case 'import': return ['import', path.join(env.samples, op.file), '--scope', op.scope];
    case 'status': return ['control', 'set-status', op.control, op.value];
    case 'risk': return ['risk', 'add', '--title', op.title, '--category', 'security', '--threat',
                         'crash test', '--cia', 'integrity', '--inherent-likelihood', String(op.likelihood),
                         '--inherent-impact', String(op.impact), '--owner', 'CISO'];
    case 'framework': return ['framework', 'import', path.join(env.oscal, op.file), '--id', FRAMEWORK_ID];
  }
  throw new Error(`no CLI command for ${op.kind}`);
}

// Starts an operation as a CLI process; `finished` resolves with the op once it exited.
export function startCli(op, env) {
  const args = [...env.global, '--json', ...cliArgs(op, env)];
  const child = start(env.binary, args);
  op.phase = 'running';
  const finished = child.done.then(({ code, signal, out, err }) => {
    if (signal) {
      op.detail = `killed by ${signal}`;
      delete op.content;
      return op;
    }
    const result = json(out);
    // `import` exits 1 when a check it recorded failed: the import itself was stored.
    const stored = code === 0 || (op.kind === 'import' && code === 1 && result?.status === 'imported');
    settle(op, stored && result !== null, `exit ${code}${stored ? '' : ': ' + err.trim().slice(0, 200)}`,
           result);
    return op;
  });
  return { proc: child.proc, finished };
}
