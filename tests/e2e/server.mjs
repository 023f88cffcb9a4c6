// Starts a real `crosswalk serve` on a free loopback port with its own data directory, and stops
// it (SIGTERM, as an operator would). When ctest runs the PostgreSQL variant
// (CROSSWALK_TEST_PG_URL_FILE), the server gets a fresh schema on the PostgreSQL test server.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function postgresSchema() {
  const file = process.env.CROSSWALK_TEST_PG_URL_FILE;
  if (!file) return null;
  const base = readFileSync(file, "utf8").trim();
  const schema = `e2e${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const psql = (sql) => execFileSync("psql", ["-q", base, "-c", sql], { stdio: "ignore" });
  psql(`CREATE SCHEMA ${schema}`);
  return { url: `${base}?options=-csearch_path%3D${schema}`, drop: () => psql(`DROP SCHEMA ${schema} CASCADE`) };
}

export async function startServer(binary, extraArgs = []) {
  const data = mkdtempSync(join(tmpdir(), "crosswalk-e2e-"));
  const pg = postgresSchema();
  const child = spawn(binary, ["serve", "--listen", "127.0.0.1:0", ...extraArgs], {
    env: { ...process.env, CROSSWALK_DATA: data, ...(pg ? { CROSSWALK_DB: pg.url } : {}) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (d) => { err += d; });
  const info = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("server did not start:\n" + out + err)), 120000);
    child.stdout.on("data", (d) => {
      out += d;
      const url = out.match(/listening on (http:\/\/\S+?)\/?\s/);
      const needsLogin = extraArgs.includes("--demo");
      const login = out.match(/Sign in as: (\S+)\s+password: (\S+)/);
      if (url && (!needsLogin || login)) {
        clearTimeout(timer);
        resolve({ url: url[1], user: login?.[1], password: login?.[2] });
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${out}${err}`)));
  });
  return {
    ...info,
    data,
    log: () => err,
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
      rmSync(data, { recursive: true, force: true });
      pg?.drop();
    },
  };
}
