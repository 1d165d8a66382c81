// `kbgen serve` in a real browser: Debian's Chromium driven by playwright-core.
//
//   node tests/e2e/serve.mjs KBGEN_BINARY KB_DIR ARTIFACTS_DIR
//
// Serves a copy of KB_DIR, opens a topic page, and as an author would: edits a cause (the page
// shows the new text by itself, at the same scroll position), misspells a field name (the page
// shows the overlay with `unknown-field`, in the page's language), fixes it (the overlay goes).
// Then Ctrl-C, which must stop kbgen cleanly. Ends with "N passed, N failed".
import { createRequire } from "node:module";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import assert from "node:assert/strict";

const require = createRequire(path.resolve("target/ci/node/package.json"));
const { chromium } = require("playwright-core");

const [binary, kbSource, artifacts] = process.argv.slice(2).map((p) => path.resolve(p));
fs.mkdirSync(artifacts, { recursive: true });
const work = fs.mkdtempSync(path.join(os.tmpdir(), "kbgen-serve-e2e-"));
fs.cpSync(kbSource, path.join(work, "kb"), { recursive: true });

const server = spawn(binary, ["serve", "--port", "0"], { cwd: work, env: { ...process.env, NO_COLOR: "1" } });
const stderr = [];
server.stderr.on("data", (chunk) => stderr.push(chunk));
const origin = await new Promise((resolve, reject) => {
  const lines = readline.createInterface({ input: server.stdout });
  lines.on("line", (line) => {
    const found = line.match(/^serving (http:\/\/127\.0\.0\.1:\d+)\//);
    if (found) resolve(found[1]);
  });
  server.on("exit", (code) => reject(new Error(`kbgen serve exited with ${code}: ${Buffer.concat(stderr)}`)));
});
const exited = new Promise((resolve) => server.on("exit", (code, signal) => resolve({ code, signal })));

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});

let passed = 0;
let failed = 0;
async function check(name, body) {
  const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  try {
    await body(page);
    passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(error.message).split("\n").join("\n     ")}`);
    await page.screenshot({ path: path.join(artifacts, `serve-failure-${passed + failed}.png`) }).catch(() => {});
  } finally {
    await context.close();
  }
}

const entry = path.join(work, "kb/itsmc-dashboard-errors/missing-connector.yaml");
const edit = (from, to) => {
  const text = fs.readFileSync(entry, "utf8");
  assert.ok(text.includes(from), `the entry holds ${from}`);
  fs.writeFileSync(entry, text.replace(from, to));
};
const overlay = "#kbgen-serve-errors";

await check("an edited cause shows without a manual reload, at the same scroll position", async (page) => {
  await page.goto(`${origin}/en/itsmc-dashboard-errors/`);
  await page.evaluate(() => window.scrollTo(0, 900));
  const before = await page.evaluate(() => window.scrollY);
  assert.ok(before > 500, `the page scrolls (${before})`);
  edit("The ITSM connection was deleted", "The ITSM connection was removed");
  await page.waitForFunction(() => document.body.innerText.includes("The ITSM connection was removed"), null, { timeout: 10000 });
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, before, { timeout: 5000 });
});

await check("a misspelt field shows the overlay with unknown-field; fixing it removes the overlay", async (page) => {
  await page.goto(`${origin}/en/itsmc-dashboard-errors/`);
  edit("\ntitle:", "\ntitel:");
  await page.waitForSelector(overlay, { timeout: 10000 });
  const text = await page.textContent(overlay);
  assert.match(text, /The KB has errors/);
  assert.match(text, /error\[unknown-field\]: unknown field `titel`/);
  assert.match(text, /--> kb\/itsmc-dashboard-errors\/missing-connector\.yaml:\d+:\d+/);
  // The last good page is still there, under the overlay.
  assert.ok(await page.evaluate(() => document.body.innerText.includes("The ITSM connection was removed")));
  await page.screenshot({ path: path.join(artifacts, "serve-overlay-en.png") });
  edit("\ntitel:", "\ntitle:");
  await page.waitForSelector(overlay, { state: "detached", timeout: 10000 });
});

await check("on a Korean page the overlay speaks Korean and the diagnostics stay as check prints them", async (page) => {
  await page.goto(`${origin}/ko/itsmc-dashboard-errors/`);
  edit("\ntitle:", "\ntitel:");
  await page.waitForSelector(overlay, { timeout: 10000 });
  const text = await page.textContent(overlay);
  assert.match(text, /KB에 오류가 있습니다/);
  assert.match(text, /error\[unknown-field\]/);
  edit("\ntitel:", "\ntitle:");
  await page.waitForSelector(overlay, { state: "detached", timeout: 10000 });
});

await browser.close();
server.kill("SIGINT");
const { code, signal } = await exited;
try {
  assert.equal(signal, null, "kbgen exits by itself on Ctrl-C");
  assert.equal(code, 0, `exit code: ${Buffer.concat(stderr)}`);
  assert.match(String(Buffer.concat(stderr)), /stopped\n$/);
  passed++;
  console.log("ok   Ctrl-C stops kbgen serve cleanly");
} catch (error) {
  failed++;
  console.log(`FAIL Ctrl-C stops kbgen serve cleanly\n     ${error.message}`);
}
fs.rmSync(work, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
