// What the data must hold after a kill: every acknowledged operation, and each operation that was
// in flight either whole or absent. Read back through the API of a freshly started server.
import { request, json } from './util.mjs';
import { EDITED_CONTROLS, FRAMEWORK_ID } from './workload.mjs';

export class Model {
  constructor() {
    this.evidence = new Map();   // id -> {sha256, size}
    this.imports = new Map();    // id -> {scope, file, deep: checked findings and checks once}
    this.risks = new Map();      // id -> title
    this.controls = new Map();   // id -> {owner, implementation}
    this.framework = null;       // requirement count of FRAMEWORK_ID, null while absent
    this.frameworkFile = null;
    this.importCounts = new Map();  // sample file -> {findings, checks, passed, failed}
    this.journalSeq = 0;
  }
}

async function get(port, token, path) {
  const r = await request(port, 'GET', path, { Authorization: `Bearer ${token}` });
  if (r.error || r.status !== 200) throw new Error(`GET ${path}: ${r.error || r.status + ' ' + r.body.slice(0, 200)}`);
  return json(r.body);
}

async function pages(port, token, path) {
  const items = [];
  for (let offset = 0; ; offset += 500) {
    const page = await get(port, token, `${path}${path.includes('?') ? '&' : '?'}limit=500&offset=${offset}`);
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

// Everything the checks need, read over HTTP.
export async function readBack(port, token, model) {
  const s = {
    evidence: await pages(port, token, '/api/v1/evidence'),
    imports: await pages(port, token, '/api/v1/imports'),
    controls: new Map((await pages(port, token, '/api/v1/controls')).map((c) => [c.id, c])),
    risks: (await get(port, token, '/api/v1/registers/risk')).items,
    frameworks: await get(port, token, '/api/v1/frameworks'),
    journal: [],
  };
  for (;;) {
    const after = s.journal.length ? s.journal[s.journal.length - 1].seq : model.journalSeq;
    const batch = await get(port, token, `/api/v1/journal?after=${after}&limit=500`);
    const entries = Array.isArray(batch) ? batch : batch.items;
    s.journal.push(...entries);
    if (entries.length < 500) break;
  }
  s.evidenceById = new Map(s.evidence.map((e) => [e.id, e]));
  const fw = (Array.isArray(s.frameworks) ? s.frameworks : s.frameworks.items)
    .find((f) => f.id === FRAMEWORK_ID);
  s.framework = fw ? fw.requirements : null;
  return s;
}

const field = (kind) => (kind === 'owner' ? 'owner' : 'implementation');

// Checks this iteration's operations and everything acknowledged before against the read-back
// state `s`; updates the model; returns {failures, verified, committed, absent}.
export async function verify(model, ops, s, port, token) {
  const failures = [];
  const fail = (op, what) => failures.push(`${op ? `op ${op.id} (${op.kind} via ${op.via}): ` : ''}${what}`);
  const out = { verified: 0, committed: [], absent: [] };

  // Acknowledged operations first, in the order their answers came, then those in flight.
  const acked = ops.filter((o) => o.state === 'acked').sort((a, b) => a.doneAt - b.doneAt);
  for (const op of acked) {
    const r = op.result || {};
    if (op.kind === 'evidence') {
      if (r.sha256 !== op.sha256) fail(op, `acknowledged with sha256 ${r.sha256}, sent ${op.sha256}`);
      model.evidence.set(r.id, { sha256: op.sha256, size: op.size, op: op.id });
    } else if (op.kind === 'import') {
      model.imports.set(r.id, { scope: op.scope, file: op.file, op: op.id, deep: false });
    } else if (op.kind === 'risk') {
      model.risks.set(r.id, { title: op.title, op: op.id });
    } else if (op.kind === 'owner' || op.kind === 'status') {
      model.controls.get(op.control)[field(op.kind)] = op.value;
    } else if (op.kind === 'framework') {
      if (r.requirements !== op.requirements) fail(op, `acknowledged ${r.requirements} requirements, expected ${op.requirements}`);
      model.framework = op.requirements;
      model.frameworkFile = op.file;
    }
  }
  // Each acknowledged control edit is in the journal with its value.
  const iterJournal = s.journal;
  for (const op of acked.filter((o) => o.kind === 'owner' || o.kind === 'status')) {
    const found = iterJournal.some((e) => e.entity === 'control' && e.entity_id === op.control &&
                                          (json(typeof e.after === 'string' ? e.after : JSON.stringify(e.after)) || {})[field(op.kind)] === op.value);
    if (!found) fail(op, `no journal entry sets ${op.control}'s ${field(op.kind)} to "${op.value}"`);
  }

  // In flight: whole or absent, never half.
  for (const op of ops.filter((o) => o.state === 'inflight')) {
    let committed = null;
    if (op.kind === 'evidence') {
      const found = s.evidence.filter((e) => e.sha256 === op.sha256);
      committed = found.length > 0;
      if (found.length > 1) fail(op, `stored ${found.length} times`);
      if (committed) {
        if (found[0].size !== op.size) fail(op, `stored with size ${found[0].size}, sent ${op.size}`);
        model.evidence.set(found[0].id, { sha256: op.sha256, size: op.size, op: op.id });
      }
    } else if (op.kind === 'import') {
      const found = s.imports.filter((i) => i.scope === op.scope);
      committed = found.length > 0;
      if (found.length > 1) fail(op, `recorded ${found.length} times`);
      if (committed) model.imports.set(found[0].id, { scope: op.scope, file: op.file, op: op.id, deep: false });
    } else if (op.kind === 'risk') {
      const found = s.risks.filter((r) => r.fields?.title === op.title);
      committed = found.length > 0;
      if (found.length > 1) fail(op, `stored ${found.length} times`);
      if (committed) model.risks.set(found[0].id, { title: op.title, op: op.id });
    } else if (op.kind === 'owner' || op.kind === 'status') {
      const actual = s.controls.get(op.control)?.[field(op.kind)];
      const before = model.controls.get(op.control)[field(op.kind)];
      if (actual === op.value) {
        committed = true;
        model.controls.get(op.control)[field(op.kind)] = op.value;
      } else if (actual === before) {
        committed = false;
      } else {
        fail(op, `${op.control}'s ${field(op.kind)} is "${actual}": neither the last acknowledged "${before}" nor "${op.value}" in flight`);
      }
    } else if (op.kind === 'framework') {
      if (s.framework === op.requirements) {
        committed = true;
        model.framework = op.requirements;
        model.frameworkFile = op.file;
      } else if (s.framework === model.framework) {
        committed = false;
      } else {
        fail(op, `${FRAMEWORK_ID} has ${s.framework} requirements: neither ${model.framework} before nor ${op.requirements} in flight`);
      }
    }
    if (committed === true) out.committed.push(op);
    if (committed === false) out.absent.push(op);
  }

  // Refused: nothing of it kept.
  for (const op of ops.filter((o) => o.state === 'refused')) {
    if (op.kind === 'evidence' && s.evidence.some((e) => e.sha256 === op.sha256)) fail(op, `refused (${op.detail}) yet stored`);
    if (op.kind === 'risk' && s.risks.some((r) => r.fields?.title === op.title)) fail(op, `refused (${op.detail}) yet stored`);
    if (op.kind === 'import' && s.imports.some((i) => i.scope === op.scope && i.status === 'imported'))
      fail(op, `refused (${op.detail}) yet imported`);
  }

  // Everything acknowledged so far, this iteration's included, is there as it was.
  const importsById = new Map(s.imports.map((i) => [i.id, i]));
  for (const [id, e] of model.evidence) {
    const got = s.evidenceById.get(id);
    if (!got) fail(null, `evidence ${id} (op ${e.op}) is missing`);
    else if (got.sha256 !== e.sha256 || got.size !== e.size) fail(null, `evidence ${id} (op ${e.op}) changed: ${got.sha256} ${got.size}`);
  }
  for (const [id, m] of model.imports) {
    const got = importsById.get(id);
    if (!got) { fail(null, `import ${id} (op ${m.op}) is missing`); continue; }
    if (got.scope !== m.scope || got.status !== 'imported') fail(null, `import ${id} (op ${m.op}): scope ${got.scope}, status ${got.status}`);
    const counts = { findings: got.findings, checks: got.checks, passed: got.passed, failed: got.failed };
    const expected = model.importCounts.get(m.file);
    if (!expected) model.importCounts.set(m.file, counts);
    else if (JSON.stringify(expected) !== JSON.stringify(counts))
      fail(null, `import ${id} of ${m.file} (op ${m.op}) counts ${JSON.stringify(counts)}, other imports of it ${JSON.stringify(expected)}`);
    if (got.evidence && s.evidenceById.get(got.evidence)?.sha256 !== got.sha256)
      fail(null, `import ${id} (op ${m.op}): its file's evidence ${got.evidence} is missing or differs`);
    if (!m.deep) {
      // Once per import: its findings and check results are all there.
      const findings = await get(port, token, `/api/v1/findings?import=${id}&limit=1`);
      const detail = await get(port, token, `/api/v1/imports/${id}`);
      if (findings.total !== got.findings) fail(null, `import ${id} (op ${m.op}) says ${got.findings} findings, holds ${findings.total}`);
      if (detail.check_results.length !== got.checks) fail(null, `import ${id} (op ${m.op}) says ${got.checks} checks, holds ${detail.check_results.length}`);
      m.deep = true;
    }
  }
  const risksById = new Map(s.risks.map((r) => [r.id, r]));
  for (const [id, r] of model.risks)
    if (risksById.get(id)?.fields?.title !== r.title) fail(null, `risk ${id} (op ${r.op}) "${r.title}" is missing or changed`);
  for (const c of EDITED_CONTROLS) {
    const got = s.controls.get(c), want = model.controls.get(c);
    if (!got || got.owner !== want.owner || got.implementation !== want.implementation)
      fail(null, `control ${c} is ${JSON.stringify({ owner: got?.owner, implementation: got?.implementation })}, expected ${JSON.stringify(want)}`);
  }
  if (s.framework !== model.framework) fail(null, `${FRAMEWORK_ID} has ${s.framework} requirements, expected ${model.framework}`);

  if (s.journal.length) model.journalSeq = s.journal[s.journal.length - 1].seq;
  out.verified = failures.length ? 0 : acked.length;
  out.failures = failures;
  return out;
}
