// Browser end-to-end tests in real Chromium (Debian's package) driven by playwright-core.
// Usage: node run.mjs CROSSWALK_BINARY ARTIFACT_DIR   (env E2E_ONLY=TEXT: only matching scenarios)
// Each scenario starts its own server; screenshots of every step go to ARTIFACT_DIR.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "./server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, "node_modules", "playwright-core"))) {
  console.error("playwright-core is not installed: run scripts/setup.sh e2e");
  process.exit(1);
}
const { chromium } = await import("playwright-core");

const [binary, artifacts] = process.argv.slice(2);
if (!binary || !artifacts) {
  console.error("usage: node run.mjs CROSSWALK_BINARY ARTIFACT_DIR");
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--no-first-run", "--disable-extensions"],
});

async function newPage(server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: server.url });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push("script error: " + e.message));
  // Pages answer some actions with 400/401/403/409 on purpose (a refused form, sign-in, a role,
  // a conflict); anything else (a missing asset, a script error) is a problem.
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of (400|401|403|409|429)/.test(m.text())) problems.push("console: " + m.text());
  });
  return { page, context, problems };
}

async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, name + ".png"), fullPage: true });
}

async function signIn(page, name, password) {
  await page.goto("/login");
  await page.getByLabel("User name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

async function readiness(page, id) {
  await page.goto("/");
  const text = await page.getByTestId("readiness-" + id).locator(".donut-text").textContent();
  return Number.parseInt(text, 10);
}

async function metCount(page, id) {
  await page.goto("/");
  return Number.parseInt(await page.getByTestId("readiness-" + id).getByTestId("met-count").textContent(), 10);
}

const scenarios = [];
const scenario = (name, fn) => scenarios.push({ name, fn });

scenario("first run: set up an admin, adopt, implement, upload evidence, readiness moves", async () => {
  const server = await startServer(binary);
  const { page, context, problems } = await newPage(server);
  try {
    await page.goto("/");
    assert.equal(new URL(page.url()).pathname, "/setup", "a fresh server sends people to setup");
    await shot(page, "01-setup");
    await page.getByLabel("User name").fill("alice");
    await page.getByLabel(/^Password/).fill("correct horse battery");
    await page.getByLabel("Repeat the password").fill("correct horse battery");
    await page.getByRole("button", { name: /Create administrator/ }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await assertVisible(page.getByTestId("empty-state"));
    await shot(page, "02-empty-dashboard");

    // The setup page is closed for good once an admin exists.
    const again = await page.request.get("/setup", { maxRedirects: 0 });
    assert.equal(again.status(), 303);

    // Adopt two controls from the library.
    await page.goto("/controls/adopt");
    await page.getByRole("checkbox", { name: /ORG-01/ }).check();
    await page.getByRole("checkbox", { name: /TEC-13/ }).check();
    await shot(page, "03-library");
    await page.getByRole("button", { name: "Adopt selected" }).click();
    await page.waitForURL("**/controls");
    const rows = page.getByTestId("controls-table").locator("tbody tr");
    assert.equal(await rows.count(), 2);

    const before = await metCount(page, "iso27001-2022");
    // Implemented but without evidence: not operating yet.
    await page.goto("/controls/TEC-13");
    await page.getByLabel("Implementation").selectOption("implemented");
    await page.getByRole("button", { name: "Save implementation" }).click();
    await page.waitForURL("**/controls/TEC-13");
    assert.equal((await page.getByTestId("control-state").textContent()).trim(), "No evidence");

    // Upload a file through the drop zone's input; the page's script sends it with progress.
    await page.locator('input[type="file"]').setInputFiles({
      name: "restore-test-2026-11.txt", mimeType: "text/plain",
      buffer: Buffer.from("Restore test: 41 GB restored in 38 minutes.\n"),
    });
    await page.getByLabel("Valid for (days)").fill("90");
    await page.getByRole("button", { name: "Upload evidence" }).click();
    await page.getByTestId("evidence-table").waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="control-state"]')?.textContent.trim() === "Operating");
    await assertVisible(page.getByRole("link", { name: "restore-test-2026-11.txt" }));
    await shot(page, "04-control-with-evidence");

    // The download is the same bytes.
    const href = await page.getByRole("link", { name: "restore-test-2026-11.txt" }).getAttribute("href");
    const file = await page.request.get(href);
    assert.equal(await file.text(), "Restore test: 41 GB restored in 38 minutes.\n");

    const after = await metCount(page, "iso27001-2022");
    assert.ok(after > before, `ISO 27001 requirements met rose (${before} → ${after})`);
    await shot(page, "05-dashboard-after");

    // A control of the organization's own, linked to an ISO 42001 requirement.
    await page.goto("/controls");
    await page.getByRole("link", { name: "Write your own" }).click();
    await page.getByLabel(/^ID/).fill("NW-01");
    await page.getByLabel("Title").fill("Model release board");
    await page.getByLabel("Standard").first().selectOption("iso42001-2023");
    await page.getByLabel("Requirement").first().fill("A.6.2.5");
    await page.getByRole("button", { name: "Create control" }).click();
    await page.waitForURL("**/controls/NW-01");
    await assertVisible(page.getByRole("link", { name: /A\.6\.2\.5/ }));
    await shot(page, "05b-own-control");

    // An auditor reads everything and changes nothing.
    await page.goto("/users");
    await page.getByLabel("User name", { exact: true }).fill("audrey");
    await page.locator('form[action="/users"] select[name="role"]').selectOption("auditor");
    await page.getByLabel("Initial password").fill("auditor password 1");
    await page.getByRole("button", { name: "Add user" }).click();
    await page.waitForURL("**/users");
    await page.getByLabel("Label").fill("CI pipeline");
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").locator("code.token").textContent()).trim();
    assert.match(token, /^cwt_/);
    await shot(page, "06-users-and-token");
    const api = await page.request.get("/api/v1/readiness", { headers: { Authorization: "Bearer " + token } });
    assert.equal(api.status(), 200, "the new token works on the API");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");
    await signIn(page, "audrey", "auditor password 1");
    await page.goto("/controls/TEC-13");
    assert.ok(await page.getByLabel("Implementation").isDisabled(), "auditors see a read-only control");
    assert.equal(await page.getByRole("button", { name: "Save implementation" }).count(), 0);
    assert.equal(await page.locator("form[data-upload]").count(), 0);
    const csrf = await page.locator('input[name="_csrf"]').first().getAttribute("value");
    const denied = await page.request.post("/controls/TEC-13/status", {
      form: { _csrf: csrf, implementation: "planned", version: "1" }, maxRedirects: 0,
    });
    assert.equal(denied.status(), 403, "an auditor's edit is refused");
    const users = await page.request.get("/users", { maxRedirects: 0 });
    assert.equal(users.status(), 403);
    await shot(page, "07-auditor-read-only");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

scenario("demo organization: living dashboard, framework browser, crosswalk, journal", async () => {
  const server = await startServer(binary, ["--demo"]);
  const { page, context, problems } = await newPage(server);
  try {
    assert.equal(server.user, "demo");
    await page.goto("/controls");
    assert.equal(new URL(page.url()).pathname, "/login", "anonymous visitors are sent to sign in");
    await page.getByLabel("User name").fill("demo");
    await page.getByLabel("Password").fill("wrong password!");
    await page.getByRole("button", { name: "Sign in" }).click();
    await assertVisible(page.getByText("Wrong user name or password."));
    await page.getByLabel("Password").fill(server.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/controls", { timeout: 10000 });

    await page.goto("/");
    const r27 = await readiness(page, "iso27001-2022");
    const r42 = await readiness(page, "iso42001-2023");
    assert.ok(r27 > 30 && r27 < 100, `ISO 27001 is partly ready (${r27}%)`);
    assert.ok(r42 < r27, `ISO 42001 lags ISO 27001 (${r42}% < ${r27}%)`);
    await assertVisible(page.getByTestId("projection"));
    assert.ok(await page.getByTestId("gaps").locator("li").count() > 0, "the AI-specific gap list is shown");
    const problemsCard = page.getByTestId("problems");
    await assertVisible(problemsCard.getByText("Failing").first());
    await assertVisible(problemsCard.getByText(/container image scan fail/));
    assert.ok(await page.locator(".line-chart polyline").count() === 2, "two history lines");
    await shot(page, "10-demo-dashboard");

    await page.goto("/frameworks/iso42001-2023?gap=iso27001-2022");
    await shot(page, "11-demo-42001-gaps");
    assert.ok(await page.locator(".req-table tbody tr").count() > 0, "AI-specific requirements are listed");
    await page.locator(".req-table a").first().click();
    await assertVisible(page.getByRole("heading", { name: "Counterpart in the other standard" }));
    await shot(page, "12-demo-requirement");

    await page.goto("/controls?state=attention");
    assert.ok(await page.getByTestId("controls-table").locator("tbody tr").count() > 0);
    await shot(page, "13-demo-attention");

    await page.goto("/journal?verify=1");
    await assertVisible(page.getByTestId("journal-ok"));
    await shot(page, "14-demo-journal");

    // The demo's registers: risks on both heat maps, the AI system with its records.
    await page.goto("/registers/risk");
    assert.equal(await page.getByTestId("risks-table").locator("tbody tr").count(), 7);
    assert.ok(await page.getByTestId("heatmap-inherent").locator(".heat-count").count() > 2);
    await shot(page, "15-demo-risks");
    await page.goto("/registers/ai_system/AIS-1");
    assert.ok(await page.getByTestId("linked-from").locator("li").count() >= 7, "risks, assessment and events name it");
    await shot(page, "16-demo-ai-system");

    // Keyboard: the skip link is the first stop and leads to the content.
    await page.goto("/");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

scenario("automated evidence: import a scan, its failing findings, a collector run now", async () => {
  const server = await startServer(binary, ["--demo"]);
  const { page, context, problems } = await newPage(server);
  try {
    await signIn(page, server.user, server.password);
    // A real Prowler OCSF output (5 findings, 2 failing), read from the shared samples in place.
    const sample = join(here, "..", "..", "..", "shared", "samples", "ocsf", "prowler-example_output_gcp.ocsf.json");
    await page.goto("/imports");
    await page.getByLabel("Results file").setInputFiles(sample);
    await page.getByLabel(/^Scope/).fill("gcp-prod");
    await shot(page, "20-imports-form");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await page.waitForURL(/\/imports\/IMP-/);
    assert.equal((await page.getByTestId("import-failing").textContent()).trim(), "2 failing");
    assert.equal((await page.getByTestId("import-passing").textContent()).trim(), "3 passing");
    assert.ok(await page.getByTestId("import-checks").locator("tbody tr").count() > 0, "checks recorded");
    await shot(page, "21-import-outcome");
    // The control it proved shows the check with its source and history.
    await page.getByTestId("import-checks").locator("h3 a").first().click();
    await page.waitForURL(/\/controls\//);
    await assertVisible(page.getByTestId("checks-table").getByText(/import IMP-/));
    await shot(page, "21b-control-checks");

    await page.goto("/imports");
    await assertVisible(page.getByTestId("imports-table").getByText("gcp-prod"));
    await shot(page, "22-imports-history");

    // Its failing findings, through the link on the outcome page's history row.
    await page.getByTestId("imports-table").locator("tbody tr", { hasText: "gcp-prod" }).locator("td.num a").nth(1).click();
    await page.waitForURL(/\/findings\?import=IMP-.*status=fail/);
    const statuses = await page.getByTestId("finding-status").allTextContents();
    assert.deepEqual(statuses.map((t) => t.trim()), ["fail", "fail"]);
    await shot(page, "23-findings-failing");

    // Collectors: add one (administrators), run it now, see the run.
    await page.goto("/collectors");
    await page.getByText("Add a collector").click();
    await page.getByLabel(/^ID/).fill("scan-report");
    await page.getByLabel(/^Name/).fill("Latest scan report on file");
    await page.getByLabel("Kind").selectOption("file");
    await page.getByLabel("Configuration (JSON)").fill(JSON.stringify({ path: sample, review_every_days: 3650 }));
    await page.getByLabel(/^Controls/).fill("TEC-08");
    await page.getByRole("button", { name: "Add collector" }).click();
    await page.waitForURL("**/collectors/scan-report");
    await page.getByRole("button", { name: "Run now" }).click();
    await assertVisible(page.getByTestId("run-result"));
    assert.equal(await page.getByTestId("runs-table").locator("tbody tr").count(), 1);
    await shot(page, "24-collector-run");
    await page.goto("/collectors");
    await assertVisible(page.getByTestId("collectors-table").getByText("Latest scan report on file"));
    await shot(page, "25-collectors");

    // The dashboard: what to renew, and what changed since yesterday (this import among it).
    await page.goto("/");
    await assertVisible(page.getByTestId("renewals").getByTestId("renewal").first());
    await assertVisible(page.getByTestId("changes").getByTestId("changes-imports"));
    assert.match(await page.getByTestId("changes-imports").textContent(), /^1 import\b/);
    await page.getByTestId("renewals").scrollIntoViewIfNeeded();
    await shot(page, "26-dashboard-renew-and-changes");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

scenario("AI measurement: a prediction log measured in the form fails its control on the dashboard", async () => {
  const server = await startServer(binary, ["--demo"]);
  const { page, context, problems } = await newPage(server);
  try {
    await signIn(page, server.user, server.password);
    // Before: the dashboard's count of failing controls, and whether AI-17 is among them.
    const failingCount = async () => {
      await page.goto("/");
      return parseInt(await page.getByTestId("problems").locator(".chip.failing").textContent(), 10);
    };
    const failingBefore = await failingCount();
    const stateOf = async (id) => {
      await page.goto(`/controls/${id}`);
      return (await page.getByTestId("control-state").textContent()).trim();
    };
    // Fairness proves AI-17 (verification and validation) and AI-11 (impact on groups).
    const before = { "AI-17": await stateOf("AI-17"), "AI-11": await stateOf("AI-11") };
    // tests/fixtures/measure/hiring_validation.csv: disparate impact 0.76, under four fifths.
    const log = join(here, "..", "fixtures", "measure", "hiring_validation.csv");
    await page.goto("/measurements");
    await page.getByTestId("measure-kind").selectOption("fairness");
    await page.getByLabel(/^Subject/).fill("hiring-model v2");
    await page.getByLabel("Log (CSV)").setInputFiles(log);
    await page.getByLabel("Label column").fill("hired");
    await page.getByLabel("Prediction column").fill("predicted");
    await page.getByLabel(/^Sensitive columns/).fill("sex");
    await shot(page, "30-measure-form");
    await page.getByRole("button", { name: "Measure and record" }).click();
    await page.waitForURL(/\/measurements\/MEA-/);
    assert.equal((await page.getByTestId("measurement-verdict").textContent()).trim(), "fail");
    await assertVisible(page.getByTestId("fairness-finding").getByText(/disparate_impact_ratio 0\.76 < 0\.8/));
    assert.equal(await page.getByTestId("fairness-view").locator("tbody tr").first().locator("svg.rate").count(), 4);
    await shot(page, "31-measurement-groups");

    // Verification and validation, once implemented, fails because of it.
    await page.goto("/controls/AI-17");
    await page.locator("select[name=implementation]").selectOption("implemented");
    await page.getByRole("button", { name: "Save implementation" }).click();
    await assertVisible(page.getByTestId("checks-table").getByText(/hiring-model v2/));
    assert.equal((await page.getByTestId("control-state").textContent()).trim(), "Failing");
    const after = { "AI-17": "Failing", "AI-11": await stateOf("AI-11") };
    const newlyFailing = ["AI-17", "AI-11"].filter((id) => before[id] !== "Failing" && after[id] === "Failing").length;
    assert.equal(await failingCount(), failingBefore + newlyFailing);
    await page.getByTestId("problems").scrollIntoViewIfNeeded();
    await shot(page, "32-dashboard-failing-measurement");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

scenario("Risk and AI governance: an impact assessment's harm becomes a risk, treated by a control, moving on the heat map", async () => {
  const server = await startServer(binary, ["--demo"]);
  const { page, context, problems } = await newPage(server);
  try {
    await signIn(page, server.user, server.password);
    const form = () => page.getByTestId("register-form");
    const field = (name) => form().locator(`[name=${name}]`);
    const cell = async (which, l, i) => {
      await page.goto("/registers/risk");
      const text = page.getByTestId("heatmap-" + which).locator(`[data-cell='${l}-${i}']`);
      return (await text.count()) ? Number.parseInt(await text.textContent(), 10) : 0;
    };
    const inherentBefore = await cell("inherent", 3, 4);
    const currentBefore = await cell("current", 1, 2);

    await page.goto("/registers/ai_system");
    await page.getByText("Add AI system").click();
    await field("name").fill("Fraud screening");
    await field("purpose").fill("Flags claims for a fraud investigator");
    await form().locator("input[name=role][value=deployer]").check();
    await field("lifecycle_stage").selectOption("validation");
    await field("owner").fill("Priya (ML lead)");
    await form().getByRole("button", { name: "Add" }).click();
    await page.waitForURL(/\/registers\/ai_system\/AIS-\d+$/);
    const system = new URL(page.url()).pathname.split("/").pop();

    await page.goto("/registers/impact_assessment");
    await page.getByText("Add Impact assessment").click();
    await field("title").fill("Fraud screening 2026");
    await field("ai_system").selectOption(system);
    await field("scope").fill("Motor claims in the EU");
    await field("affected").fill("claimants\nfraud investigators");
    await field("harms").fill("4/3 honest claimants from one postcode flagged more often");
    await shot(page, "40-impact-assessment-form");
    await form().getByRole("button", { name: "Add" }).click();
    await page.waitForURL(/\/registers\/impact_assessment\/AIIA-\d+$/);
    await page.getByTestId("raise-risks").click();
    await assertVisible(page.getByTestId("register-notice").getByText("raised 1 risk"));

    // Severity 4, likelihood 3 on the default 5×5: score 12, High, in the likelihood-3 row.
    assert.equal(await cell("inherent", 3, 4), inherentBefore + 1);
    const row = page.getByTestId("risks-table").locator("tr", { hasText: "honest claimants" });
    await assertVisible(row.getByText("12 High").first());
    await shot(page, "41-risk-register-heat-map");

    // Treated by AI-17 (verification and validation): the residual risk is rated lower.
    await row.getByRole("link").first().click();
    await page.getByText("Edit", { exact: true }).click();
    await field("risk_source").selectOption("bias");
    await field("treatment").selectOption("modify");
    await field("controls").selectOption(["AI-17"]);
    await field("residual_likelihood").fill("1");
    await field("residual_impact").fill("2");
    await form().getByRole("button", { name: "Save" }).click();
    await page.waitForURL(/\/registers\/risk\/RISK-\d+$/);
    assert.equal((await page.getByTestId("risk-status").textContent()).trim(), "awaiting-acceptance");
    assert.equal(await cell("current", 1, 2), currentBefore + 1);
    assert.equal(await cell("inherent", 3, 4), inherentBefore + 1);
    await shot(page, "42-risk-treated-heat-map");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

scenario("Statement of Applicability: a reason decided on a control's page, the SoA approved as a new version, exported as PDF", async () => {
  const server = await startServer(binary, ["--demo"]);
  const { page, context, problems } = await newPage(server);
  try {
    await signIn(page, server.user, server.password);
    await page.getByRole("link", { name: "SoA", exact: true }).click();
    await page.waitForURL(/\/soa\/iso27001-2022$/);
    // The demo approved version 1, then decided a reason: a draft of version 2.
    await assertVisible(page.getByTestId("soa-version").getByText("Version 2 · draft"));
    const soaRow = (ref) => page.getByTestId("soa-row-" + ref);
    await assertVisible(soaRow("A.7.4").getByText("no", { exact: true }));
    await assertVisible(soaRow("A.5.31").getByText("legal or regulatory requirement"));
    await shot(page, "50-soa-draft");

    await soaRow("A.5.9").getByRole("link").first().click();
    await page.waitForURL(/\/requirements\/A\.5\.9$/);
    await page.locator("input[name=reason][value=contractual]").check();
    await page.getByLabel("Note on the reasons").fill("Asset registers required by the hosting contract");
    await page.getByLabel("Review by").fill("2027-09-30");
    await page.getByRole("button", { name: "Save decision" }).click();
    await page.goto("/soa/iso27001-2022");
    await assertVisible(soaRow("A.5.9").getByText("contractual obligation"));
    await assertVisible(soaRow("A.5.9").getByText("2027-09-30"));

    await page.getByTestId("soa-approve").getByRole("button").click();
    await assertVisible(page.getByTestId("soa-version").getByText("Version 2 · approved"));
    assert.equal(await page.getByTestId("soa-versions").locator("li").count(), 2);
    await shot(page, "51-soa-approved");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("soa-exports").getByRole("link", { name: "PDF" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "soa-iso27001-2022-v2.pdf");
    const { readFileSync } = await import("node:fs");
    assert.equal(readFileSync(await download.path()).subarray(0, 5).toString(), "%PDF-");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

scenario("Internal audit: an auditor checks a requirement and raises a nonconformity, a manager opens its corrective action, the report downloads", async () => {
  const server = await startServer(binary, ["--demo"]);
  const { page, context, problems } = await newPage(server);
  try {
    await signIn(page, server.user, server.password);
    await page.goto("/users");
    await page.getByLabel("User name", { exact: true }).fill("audra");
    await page.locator('form[action="/users"] select[name="role"]').selectOption("auditor");
    await page.getByLabel("Initial password").fill("auditor password 2");
    await page.getByRole("button", { name: "Add user" }).click();
    await page.waitForURL("**/users");
    // The demo's overdue corrective action is on the dashboard.
    await page.goto("/");
    await assertVisible(page.getByText("Disable portal accounts from the HR leaver feed").first());
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");

    await signIn(page, "audra", "auditor password 2");
    await page.getByRole("link", { name: "Audits", exact: true }).click();
    await page.waitForURL(/\/registers\/audit$/);
    await page.getByRole("link", { name: "Access, backup and AI monitoring" }).click();
    await page.waitForURL(/\/audits\/AUDIT-1$/);
    const row = (id) => page.getByTestId("checklist-" + id);
    await assertVisible(row("iso27001-2022:A.5.18").getByText("nonconforming", { exact: true }));
    await shot(page, "60-audit-checklist");

    // The row's "check" link fills in the requirement; who and when default to the auditor, today.
    await row("iso27001-2022:A.5.15").getByRole("link", { name: "check", exact: true }).click();
    const checkForm = page.getByTestId("audit-check-form");
    assert.equal(await checkForm.locator("[name=requirement]").inputValue(), "iso27001-2022:A.5.15");
    await checkForm.locator("[name=result]").selectOption("nonconforming");
    await checkForm.getByRole("button", { name: "Record the check" }).click();
    // A nonconforming result without a note is refused with the reason, and the form keeps what was entered.
    await assertVisible(page.getByTestId("audit-error").getByText("a nonconforming result says what was seen"));
    assert.equal(await checkForm.locator("[name=result]").inputValue(), "nonconforming");
    await checkForm.locator("[name=note]").fill("The access policy was last reviewed two years ago");
    await checkForm.getByRole("button", { name: "Record the check" }).click();
    await page.waitForURL(/\/audits\/AUDIT-1/);
    await assertVisible(row("iso27001-2022:A.5.15").getByText("nonconforming", { exact: true }));

    await page.getByText("Raise a finding").click();
    const findingForm = page.getByTestId("audit-finding-form");
    await findingForm.locator("[name=title]").fill("Access policy not reviewed");
    await findingForm.locator("[name=type]").selectOption("minor-nonconformity");
    await findingForm.locator("[name=requirements]").selectOption(["iso27001-2022:A.5.15"]);
    await findingForm.locator("[name=statement]").fill("Last review 2024-10; the policy requires a yearly review");
    await findingForm.getByRole("button", { name: "Raise the finding" }).click();
    const finding = page.getByTestId("audit-findings").locator("tr", { hasText: "Access policy not reviewed" });
    await assertVisible(finding.getByText("needs action"));
    // An auditor raises findings but does not run the corrective actions.
    assert.equal(await finding.getByRole("link", { name: "open a corrective action" }).count(), 0);
    await shot(page, "61-audit-finding-raised");
    const findingId = (await finding.getByRole("link").first().textContent()).trim();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("audit-report-pdf").click(),
    ]);
    assert.equal(download.suggestedFilename(), "audit-report-AUDIT-1.pdf");
    const { readFileSync } = await import("node:fs");
    assert.equal(readFileSync(await download.path()).subarray(0, 5).toString(), "%PDF-");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/login");

    await signIn(page, server.user, server.password);
    await page.goto("/audits/AUDIT-1");
    await page.getByTestId("audit-findings").locator("tr", { hasText: "Access policy not reviewed" })
      .getByRole("link", { name: "open a corrective action" }).click();
    const form = page.getByTestId("register-form");
    assert.deepEqual(await form.locator("[name=findings]").evaluate((s) => [...s.selectedOptions].map((o) => o.value)), [findingId]);
    await form.locator("[name=title]").fill("Put the access policy on the review calendar");
    await form.locator("[name=action]").fill("Yearly review reminder to the policy owner");
    await form.locator("[name=owner]").fill("Security & Compliance");
    await form.locator("[name=due_date]").fill("2027-01-31");
    await form.getByRole("button", { name: "Add" }).click();
    await page.waitForURL(/\/registers\/corrective_action\/CA-\d+$/);
    await page.goto("/audits/AUDIT-1");
    await assertVisible(page.getByTestId("audit-findings").locator("tr", { hasText: "Access policy not reviewed" }).getByText("in progress"));
    await shot(page, "62-audit-corrective-action");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

scenario("Management review: a new review's inputs come drafted from the data, it is held, signed off and its minutes download", async () => {
  const server = await startServer(binary, ["--demo"]);
  const { page, context, problems } = await newPage(server);
  try {
    await signIn(page, server.user, server.password);
    // The demo's first review is held and signed; one of its actions is overdue.
    await assertVisible(page.getByTestId("review-summary").getByText("last held"));
    await page.getByRole("link", { name: "Reviews", exact: true }).click();
    await page.waitForURL(/\/registers\/management_review$/);
    const form = page.getByTestId("register-form");
    // The form opens by itself: it comes filled in.
    if (!(await form.locator("[name=title]").isVisible())) await page.getByText("Add Management review").click();
    const field = (name) => form.locator(`[name=${name}]`);
    // Drafted from the data: the audit in progress, the earlier review's actions.
    assert.match(await field("input_audits").inputValue(), /AUDIT-1 Access, backup and AI monitoring/);
    assert.match(await field("input_previous_actions").inputValue(), /overdue/);
    await shot(page, "70-review-drafted-inputs");
    await field("title").fill("Review after the first internal audit");
    await field("attendees").fill("demo\nPriya Nair (ML lead)");
    await field("status").selectOption("held");
    await form.getByRole("button", { name: "Add" }).click();
    // Held without the inputs only people can give: refused, naming the first, nothing lost.
    await assertVisible(page.getByText("a held review records every input of clause 9.3.2"));
    assert.equal(await field("title").inputValue(), "Review after the first internal audit");
    await field("input_context").fill("Motor portfolio integrated; no new regulation");
    await field("input_interested_parties").fill("Works council asked for the fairness results");
    await field("input_feedback").fill("No customer complaints about security");
    await field("decisions").fill("Close the leaver nonconformity before the certification audit");
    await form.getByRole("button", { name: "Add" }).click();
    await page.waitForURL(/\/reviews\/MR-\d+$/);
    await assertVisible(page.getByTestId("review-status").getByText("held"));
    assert.equal(await page.getByTestId("review-missing").count(), 0);
    await page.getByTestId("review-sign-off-form").getByRole("button").click();
    await assertVisible(page.getByTestId("review-sign-off").getByText("Signed off by demo"));
    await shot(page, "71-review-signed-off");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("review-minutes-pdf").click(),
    ]);
    assert.match(download.suggestedFilename(), /^minutes-MR-\d+\.pdf$/);
    const { readFileSync } = await import("node:fs");
    assert.equal(readFileSync(await download.path()).subarray(0, 5).toString(), "%PDF-");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

scenario("Policies, training and incidents: an acknowledgement and a completion recorded, a draft approved, a suggested notification recorded from an incident", async () => {
  const server = await startServer(binary, ["--demo"]);
  const { page, context, problems } = await newPage(server);
  try {
    await signIn(page, server.user, server.password);
    // The dashboard names who is late and the incident whose notification nobody recorded.
    await assertVisible(page.getByTestId("duty-attention").getByText("not acknowledged").first());
    await assertVisible(page.getByTestId("incident-attention").getByText("1 suggested notifications not recorded"));
    await shot(page, "80-dashboard-duties-incidents");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Policies", exact: true }).click();
    await page.waitForURL(/\/registers\/document$/);
    await page.getByRole("link", { name: "AI policy", exact: true }).click();
    await page.waitForURL(/\/documents\/DOC-2$/);
    const sam = page.getByTestId("duty-PERSON-3");
    await assertVisible(sam.getByText("overdue"));
    await page.getByTestId("ack-form").locator("[name=person]").selectOption("PERSON-3");
    await page.getByTestId("ack-form").getByRole("button", { name: "Record acknowledgement" }).click();
    await page.waitForURL(/\/documents\/DOC-2\?notice=/);
    await assertVisible(sam.getByText("done"));
    await shot(page, "81-document-acknowledged");

    // The draft procedure is approved by the manager from its page; its audience then owes it.
    await page.goto("/documents/DOC-3");
    await assertVisible(page.getByTestId("document-state").getByText("draft"));
    await page.getByTestId("document-approve-form").getByRole("button").click();
    await assertVisible(page.getByTestId("document-state").getByText("approved"));
    await assertVisible(page.getByTestId("document-approval").getByText("Version 0.3 approved by demo"));
    await assertVisible(page.getByTestId("duty-PERSON-3").getByText("due"));

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Training", exact: true }).click();
    await page.waitForURL(/\/registers\/course$/);
    await page.getByRole("link", { name: "Responsible use of the triage score" }).click();
    const lena = page.getByTestId("duty-PERSON-6");
    await assertVisible(lena.getByText("overdue"));
    await page.getByTestId("completion-form").locator("[name=result]").fill("passed");
    await page.getByTestId("completion-form").getByRole("button", { name: "Record completion" }).click();
    await assertVisible(lena.getByText("done"));
    await shot(page, "82-course-completed");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Incidents", exact: true }).click();
    await page.waitForURL(/\/registers\/incident$/);
    await page.getByRole("link", { name: "Claims export sent to the wrong broker" }).click();
    await page.waitForURL(/\/incidents\/INC-3$/);
    const suggested = page.getByTestId("suggested-gdpr-art-33");
    await assertVisible(suggested.getByText("not recorded"));
    await shot(page, "83-incident-suggested-notification");
    await suggested.getByRole("link", { name: "Record it" }).click();
    const form = page.getByTestId("register-form");
    assert.equal(await form.locator("[name=incident]").inputValue(), "INC-3");
    assert.equal(await form.locator("[name=basis]").inputValue(), "gdpr-art-33");
    await form.getByRole("button", { name: "Add" }).click();
    await page.waitForURL(/\/registers\/incident_notification\/NOTIF-\d+/);
    await page.getByTestId("open-own-page").click();
    await page.waitForURL(/\/incidents\/INC-3$/);
    assert.equal(await page.getByTestId("suggested-gdpr-art-33").count(), 0);
    await assertVisible(page.getByTestId("incident-notifications").getByText("due", { exact: true }));
    await shot(page, "84-incident-notification-recorded");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

scenario("Journal and audit pack: the journal filtered by what and who, the audit pack downloaded and verified offline", async () => {
  const server = await startServer(binary, ["--demo"]);
  const { page, context, problems } = await newPage(server);
  try {
    await signIn(page, server.user, server.password);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Journal", exact: true }).click();
    const filter = page.getByTestId("journal-filter");
    await filter.locator("[name=entity]").fill("incident");
    await filter.locator("[name=actor]").fill("web:sam");
    await filter.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/\/journal\?entity=incident&/);
    const rows = page.getByTestId("journal-entries").locator("tbody tr");
    assert.ok((await rows.count()) >= 2, "the incidents Sam recorded");
    for (const text of await rows.allTextContents()) {
      assert.match(text, /web:sam/);
      assert.match(text, /incident INC-/);
    }
    await shot(page, "90-journal-filtered");

    await page.getByTestId("open-audit-pack").click();
    await page.waitForURL(/\/audit-pack$/);
    await page.getByTestId("audit-pack-form").locator("[name=framework]").selectOption("iso42001-2023");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("audit-pack-form").getByRole("button", { name: "Download the audit pack" }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^audit-pack-\d{4}-\d{2}-\d{2}\.zip$/);
    const { execFileSync } = await import("node:child_process");
    const verdict = JSON.parse(execFileSync(binary, ["--json", "verify", "audit-pack", await download.path()]).toString());
    assert.equal(verdict.ok, true);
    assert.deepEqual(verdict.frameworks, ["iso42001-2023"]);
    assert.ok(verdict.files > 20, "SoA, readiness, gaps, registers, reports, evidence");
    await shot(page, "91-audit-pack");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

scenario("OSCAL: SP 800-53 and its MODERATE baseline imported on the Frameworks page, a requirement's statement, assessment results downloaded and valid", async () => {
  const server = await startServer(binary, ["--demo"]);
  const { page, context, problems } = await newPage(server);
  const shared = join(here, "..", "..", "..", "shared", "oscal");
  try {
    await signIn(page, server.user, server.password);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Frameworks", exact: true }).click();
    await page.waitForURL(/\/frameworks$/);
    const form = page.getByTestId("framework-import-form");
    await form.locator("input[name=file]").setInputFiles(join(shared, "content", "NIST_SP-800-53_rev5_catalog.json"));
    await form.getByLabel(/^Id/).fill("sp800-53");
    await form.getByLabel("Short name").fill("SP 800-53");
    await form.getByRole("button", { name: "Import", exact: true }).click();
    const result = page.getByTestId("framework-import-result");
    await assertVisible(result);
    assert.match(await result.textContent(), /Imported sp800-53 from the OSCAL catalog: 1189 requirements \(1007 assessable, 182 withdrawn\)/);
    await shot(page, "95-framework-imported");

    // The baseline's catalog is found among the imported frameworks by its file name.
    await form.locator("input[name=file]").setInputFiles(join(shared, "content", "NIST_SP-800-53_rev5_MODERATE-baseline_profile.json"));
    await form.getByLabel(/^Id/).fill("moderate");
    await form.getByRole("button", { name: "Import", exact: true }).click();
    await page.waitForFunction(() => /from the OSCAL profile: 287 requirements/.test(document.querySelector('[data-testid="framework-import-result"]')?.textContent || ""));
    const table = page.getByTestId("frameworks");
    await assertVisible(table.locator("tr[data-framework=moderate]"));

    await table.getByRole("link", { name: "SP 800-53", exact: true }).click();
    await page.waitForURL(/\/frameworks\/sp800-53$/);
    await page.getByRole("searchbox", { name: "Search" }).fill("Account Management");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.getByRole("link", { name: /^ac-2 Account Management$/ }).click();
    await page.waitForURL(/\/frameworks\/sp800-53\/requirements\/ac-2$/);
    assert.match(await page.getByTestId("requirement-statement").textContent(), /a\. Define and document the types of accounts allowed/);
    await shot(page, "96-imported-requirement");

    await page.goto("/frameworks");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("frameworks").locator("tr[data-framework=moderate]").getByRole("link", { name: "assessment results" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "moderate.assessment-results.json");
    const { execFileSync } = await import("node:child_process");
    execFileSync("node", [join(here, "..", "oscal", "validate.mjs"), join(shared, "schema", "v1.2.1"), await download.path()]);

    page.once("dialog", (d) => d.accept());
    await page.getByTestId("frameworks").locator("tr[data-framework=moderate]").getByRole("button", { name: "Remove" }).click();
    await page.waitForURL(/\/frameworks$/);
    assert.equal(await page.getByTestId("frameworks").locator("tr[data-framework=moderate]").count(), 0);
    await shot(page, "97-frameworks");
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

async function assertVisible(locator) {
  await locator.waitFor({ state: "visible", timeout: 10000 });
}

let failed = 0;
// E2E_ONLY=text runs only the scenarios whose name contains it (while working on one).
for (const s of scenarios.filter((x) => !process.env.E2E_ONLY || x.name.includes(process.env.E2E_ONLY))) {
  const t0 = Date.now();
  try {
    await s.fn();
    console.log(`ok   ${s.name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${s.name}\n${e.stack}`);
  }
}
await browser.close();
writeFileSync(join(artifacts, "README.txt"), "Screenshots of the browser end-to-end tests (tests/e2e/run.mjs).\n");
process.exit(failed ? 1 : 0);
