// The built site in a real browser: Debian's Chromium driven by playwright-core.
//
//   node tests/e2e/site.mjs SITE_DIR FALLBACK_SITE_DIR ARTIFACTS_DIR
//
// SITE_DIR is the bundled KB's site; FALLBACK_SITE_DIR a site with an untranslated entry. The
// site is served on 127.0.0.1 only; file:// is tested too. Ends with "N passed, N failed".
import { createRequire } from "node:module";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import assert from "node:assert/strict";

const require = createRequire(path.resolve("target/ci/node/package.json"));
const { chromium } = require("playwright-core");
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const search = require(path.resolve("templates/assets/search.js"));

// The bundled KB's site, a site with untranslated fragments, one of two topics from two
// sources (one with a command in a resolution).
const [site, fallbackSite, commandsSite, artifacts] = process.argv.slice(2).map((p) => path.resolve(p));
fs.mkdirSync(artifacts, { recursive: true });

function serve(dir) {
  const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".xml": "application/xml" };
  const server = http.createServer((request, response) => {
    let file = path.join(dir, decodeURIComponent(new URL(request.url, "http://x").pathname));
    if (!file.startsWith(dir)) { response.writeHead(403).end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) { response.writeHead(404).end(); return; }
    response.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const server = await serve(site);
const fallbackServer = await serve(fallbackSite);
const commandsServer = await serve(commandsSite);
const origin = `http://127.0.0.1:${server.address().port}`;
const fallbackOrigin = `http://127.0.0.1:${fallbackServer.address().port}`;
const commandsOrigin = `http://127.0.0.1:${commandsServer.address().port}`;

let passed = 0;
let failed = 0;
async function check(name, body) {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => { if (![origin, fallbackOrigin, commandsOrigin, "file:"].some((o) => r.url().startsWith(o))) requests.push(r.url()); });
  try {
    await body(page, context);
    assert.deepEqual(requests, [], "no request leaves the site");
    passed++;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}\n     ${String(error.message).split("\n").join("\n     ")}`);
  } finally {
    await context.close();
  }
}

const topic = (locale) => `${origin}/${locale}/itsmc-dashboard-errors/index.html`;
const entryPage = (locale, stem) => `${origin}/${locale}/itsmc-dashboard-errors/${stem}.html`;

async function searchFor(page, text) {
  await page.fill("#search-input", text);
  await page.waitForFunction(() => document.querySelector("#search-results").children.length > 0);
  // Each result leads to its entry's page, <topic>/<entry>.html.
  return page.$$eval("#search-results li a", (links) =>
    links.map((a) => new URL(a.href).pathname.split("/").pop().replace(/\.html$/, "")));
}

await check("the tokenizer of search.js passes the cases src/publish/search/index.rs passes", async () => {
  const cases = JSON.parse(fs.readFileSync("tests/search/tokens.json", "utf8"));
  for (const [text, expected] of cases) assert.deepEqual(search.tokens(text), expected, text);
  // The shard of a term, as src/publish/search/index.rs computes it (reference values from its unit test).
  assert.deepEqual(["토큰", "servicedesk", "429"].map((t) => search.shardOf(t, 97)), [23, 83, 19]);
  // Postings as src/publish/search/index.rs encodes them (its unit test encodes this string).
  assert.deepEqual(search.decodePostings("CjBhnB"), [0, 2, 1, 3, 40, 1]);
  const common = search.decodePostings("!lD");
  assert.deepEqual([Array.from(common), common.common], [[3, 5], true]);
  // Snippets start and end at white space, in Korean too, and keep the hit.
  const text = "ServiceNow 인스턴스에서 사용자 지정 스크립트를 비활성화하고 코드 변경 사항을 되돌린 다음, 커넥터가 경고를 다시 보내도록 합니다. ".repeat(4);
  for (const hit of [0, 7, 55, 90, 140, 200]) {
    const [start, end] = search.snippetBounds(text, hit);
    assert.ok(start === 0 || text[start - 1] === " ", `starts inside a word: ${text.slice(start, start + 10)}`);
    assert.ok(end === text.length || text[end] === " ", `ends inside a word: ${text.slice(end - 10, end)}`);
    assert.ok(start <= hit && hit < end, `${start} ${hit} ${end}`);
  }
});

await check("every term of the index is a token search.js makes of the page texts (same tokenizer)", async (page) => {
  await page.goto(topic("ko"));
  const texts = await page.$$eval("main section.entry", (sections) => sections.map((s) => s.innerText));
  const made = new Set(texts.flatMap((t) => search.tokens(t)));
  const indexed = [];
  globalThis.kbgenSearch = { add: (kind, n, data) => { if (kind === "terms") indexed.push(...Object.keys(data)); } };
  for (const file of fs.readdirSync(path.join(site, "ko/search")).filter((f) => f.startsWith("terms-"))) {
    new Function(fs.readFileSync(path.join(site, "ko/search", file), "utf8"))();
  }
  const strangers = indexed.filter((t) => !made.has(t));
  // Terms from fields the page shows in other words (tags, placeholder names) may be absent.
  assert.ok(strangers.length < indexed.length / 10, `${strangers.length} of ${indexed.length} index terms: ${strangers.slice(0, 10)}`);
});

for (const [locale, query, expected] of [
  ["ko", "토큰", "invalid-refresh-token"],
  ["ko", "새로 고침 토큰이", "invalid-refresh-token"],
  ["ko", "429", "servicenow-rate-problem"],
  ["ko", "연결 정보를 가져올 수 없음", "lack-of-connection-details"],
  ["ko", "커넥터 삭제", "missing-connector"],
  ["ko", "Could not create/update work item for alert cpu-high-prod-web01. ITSM Connector 3f1c2a9e does not exist or was deleted.", "missing-connector"],
  ["en", "refresh token", "invalid-refresh-token"],
  ["en", "rate limit", "servicenow-rate-problem"],
  ["en", "ACL exception", "exception-update-failure"],
  ["en", "ServiceDesk", "servicenow-rate-problem"],
  ["en", "x_mioms", "unexpected-response"],
  ["en", "Could not create/update work item for alert Disk-Low-sql02. ITSM Connector 77aa does not exist or was deleted.", "missing-connector"],
]) {
  await check(`${locale} search "${query.slice(0, 40)}" lists ${expected} first`, async (page) => {
    await page.goto(topic(locale));
    const anchors = await searchFor(page, query);
    assert.equal(anchors[0], expected, `results: ${anchors.join(", ")}`);
    const marks = await page.$$eval("#search-results li:first-child mark", (m) => m.length);
    assert.ok(marks > 0, "the first result's snippet highlights the hit");
  });
}

await check("a topic from another source credits it in the footer; the other keeps the KB's attribution", async (page) => {
  await page.goto(`${commandsOrigin}/ko/arm-deployment-errors/sku-not-available.html`);
  // Built with a base URL: the entry's page has its canonical address and absolute alternates.
  const base = "https://kb.example.com";
  assert.equal(await page.getAttribute("link[rel=canonical]", "href"), `${base}/ko/arm-deployment-errors/sku-not-available.html`);
  assert.equal(await page.getAttribute('link[rel=alternate][hreflang="en"]', "href"), `${base}/en/arm-deployment-errors/sku-not-available.html`);
  assert.equal(await page.getAttribute('link[rel=alternate][hreflang="x-default"]', "href"), `${base}/en/arm-deployment-errors/sku-not-available.html`);
  assert.equal(await page.getAttribute('meta[property="og:url"]', "content"), `${base}/ko/arm-deployment-errors/sku-not-available.html`);
  assert.equal((await page.textContent("footer .attribution")).trim(),
    "출처: Resolve errors for SKU not available (2020. 2. 18.). 라이선스: CC BY 4.0");
  await page.goto(`${commandsOrigin}/ko/itsmc-dashboard-errors/missing-connector.html`);
  assert.ok((await page.textContent("footer .attribution")).includes("CC BY 4.0"));
  assert.ok(!(await page.textContent("footer .attribution")).includes("SKU"));
});

await check("a query that is an entry's code finds it first, and results show the code", async (page) => {
  await page.goto(topic("ko"));
  assert.equal((await searchFor(page, "429"))[0], "servicenow-rate-problem");
  assert.equal(await page.textContent("#search-results li:first-child .result-code"), "429");
  await page.goto(`${commandsOrigin}/en/arm-deployment-errors/index.html`);
  assert.equal((await searchFor(page, "SkuNotAvailable"))[0], "sku-not-available");
  assert.equal(await page.textContent("#search-results li:first-child .result-code"), "SkuNotAvailable");
});

await check("a search with no match says so in the page's language", async (page) => {
  await page.goto(topic("ko"));
  await page.fill("#search-input", "zzqqxx");
  await page.waitForSelector("#search-results .no-results");
  assert.equal(await page.textContent("#search-results .no-results"), "일치하는 항목이 없습니다.");
});

await check("an entry's own page: its title, one h1, breadcrumbs, neighbours, the other locale's page, a copy button", async (page, context) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  await page.goto(entryPage("ko", "missing-connector"));
  assert.equal(await page.title(), "커넥터를 찾을 수 없음 · ITSMC 대시보드의 커넥터 상태 오류");
  assert.equal(await page.$$eval("h1", (h) => h.map((e) => e.textContent)).then((t) => t.join("|")), "커넥터를 찾을 수 없음");
  const crumbs = await page.$$eval("nav.breadcrumbs li", (items) => items.map((li) => li.textContent.trim()));
  assert.deepEqual(crumbs, ["ITSM 커넥터 문제 해결", "ITSMC 대시보드의 커넥터 상태 오류", "커넥터를 찾을 수 없음"]);
  assert.equal(await page.getAttribute("nav.breadcrumbs [aria-current=page]", "href"), "missing-connector.html");
  const english = await page.getAttribute('link[rel=alternate][hreflang="en"]', "href");
  assert.ok(english.endsWith("en/itsmc-dashboard-errors/missing-connector.html"), english);
  assert.ok(await page.$("a[rel=next]"), "a link to the next entry of the topic");
  await page.click(".message button");
  await page.waitForFunction(() => document.querySelector(".message button").textContent === "복사됨");
  // The breadcrumb back to the topic lands on the topic page, every section on it.
  await page.click("nav.breadcrumbs li:nth-child(2) a");
  assert.ok(page.url().endsWith("/ko/itsmc-dashboard-errors/index.html"), page.url());
  assert.equal(await page.$$eval("section.entry", (s) => s.length), 9);
});

// Where a code block's line breaks between two characters of one token (`{im|port_set_id}`).
function brokenTokens() {
  const broken = [];
  for (const pre of document.querySelectorAll("main pre")) {
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let previous = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        const char = node.data[i];
        if (previous && rect.top > previous.top + 2 && /\w/.test(previous.char) && /\w/.test(char)) {
          broken.push(node.data.slice(Math.max(0, i - 12), i) + "|" + node.data.slice(i, i + 12));
        }
        previous = { top: rect.top, char };
      }
    }
  }
  return broken;
}

for (const width of [390, 1280]) {
  await check(`at ${width} px no code block breaks inside a token, and every one has a copy button`, async (page) => {
    await page.setViewportSize({ width, height: 900 });
    const commands = ["en", "ko"].map((l) => `${commandsOrigin}/${l}/arm-deployment-errors/sku-not-available.html`);
    for (const url of [topic("en"), topic("ko"), entryPage("en", "unexpected-response"), ...commands]) {
      await page.goto(url);
      assert.deepEqual(await page.evaluate(brokenTokens), [], url);
      const blocks = await page.$$eval("main pre", (pres) => pres.map((pre) => !!pre.parentNode.querySelector(":scope > button")));
      assert.ok(blocks.length > 0 && blocks.every(Boolean), `${url}: ${blocks}`);
    }
    // The command in the resolution is a code block with a button of its own, which copies it.
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: commandsOrigin });
    await page.goto(commands[1]);
    const command = page.locator(".resolution .code-block");
    await command.locator("button").click();
    await page.waitForFunction(() => document.querySelector(".resolution .code-block button").textContent === "복사됨");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied.trim(), "az vm list-skus --location centralus --size Standard_D --all --output table");
  });
}

await check("the language switcher keeps the topic and the anchor", async (page) => {
  await page.goto(`${topic("en")}#missing-connector`);
  await page.click('nav.languages a[hreflang="ko"]');
  await page.waitForURL(/\/ko\//);
  assert.equal(new URL(page.url()).pathname, "/ko/itsmc-dashboard-errors/index.html");
  assert.equal(new URL(page.url()).hash, "#missing-connector");
  assert.equal(await page.getAttribute("html", "lang"), "ko");
});

await check("an untranslated fragment shows its notice in the reader's language", async (page) => {
  await page.goto(`${fallbackOrigin}/ko/t/index.html`);
  const notice = page.locator("section#e .notice");
  assert.ok(await notice.isVisible());
  assert.equal((await notice.textContent()).trim(), "이 섹션은 아직 한국어로 번역되지 않아 원문으로 표시합니다.");
  assert.equal(await page.getAttribute("section#e h2", "lang"), "en");
});

await check("Hangul renders as glyphs, not as boxes", async (page) => {
  await page.goto(topic("ko"));
  const differs = await page.evaluate(() => {
    const font = getComputedStyle(document.body).fontFamily;
    const draw = (text) => {
      const canvas = document.createElement("canvas");
      canvas.width = 80; canvas.height = 80;
      const g = canvas.getContext("2d");
      g.font = `64px ${font}`;
      g.fillText(text, 4, 64);
      return canvas.toDataURL();
    };
    // A character no font has is drawn as the "missing glyph" box, the same for every such
    // character (the control below proves the comparison can see boxes); real Hangul is not.
    const boxesLookAlike = draw("\u{10FFFD}") === draw("\u{10FFFC}");
    return { boxesLookAlike, hangulIsText: draw("한") !== draw("\u{10FFFD}") && draw("한") !== draw("글") };
  });
  assert.ok(differs.boxesLookAlike, "control: two missing characters should draw the same box");
  assert.ok(differs.hangulIsText, "Hangul is drawn with the missing-glyph box: install a Korean font (fonts-nanum)");
});

await check("axe-core: no serious or critical violation on the language chooser", async () => {
  // A reader whose language the KB lacks stays on the chooser.
  const french = await browser.newContext({ locale: "fr-FR" });
  const page = await french.newPage();
  await page.goto(`${origin}/index.html`);
  await page.waitForTimeout(200);
  assert.equal(new URL(page.url()).pathname, "/index.html");
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() => window.axe.run(document));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  await french.close();
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.length} (${v.help})`), []);
});

for (const locale of ["en", "ko"]) {
  for (const [name, url, prepare] of [
    ["home", `${origin}/${locale}/index.html`, null],
    ["topic", topic(locale), null],
    ["entry page", entryPage(locale, "missing-connector"), null],
    ["entry page of a topic with its own source", `${commandsOrigin}/${locale}/arm-deployment-errors/sku-not-available.html`, null],
    ["search results", topic(locale), (page) => searchFor(page, locale === "ko" ? "토큰" : "token")],
  ]) {
    await check(`axe-core: no serious or critical violation on the ${locale} ${name}`, async (page) => {
      await page.goto(url);
      if (prepare) await prepare(page);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document));
      const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.length} (${v.help})`), []);
    });
  }
}

await check("the site works from file://, search included", async (page, context) => {
  await context.close();
  const korean = await browser.newContext({ locale: "ko-KR" });
  const local = await korean.newPage();
  await local.goto(`file://${site}/index.html`);
  await local.waitForURL(/\/ko\/index\.html$/);
  await local.click('a[href$="itsmc-dashboard-errors/index.html"]');
  const anchors = await searchFor(local, "토큰");
  assert.equal(anchors[0], "invalid-refresh-token");
  await local.screenshot({ path: path.join(artifacts, "ko-search-file.png") });
  await korean.close();
});

await check("with JavaScript disabled every entry is on the page and no dead search box shows", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(topic("ko"));
  assert.equal(await page.locator("section.entry").count(), 9);
  assert.equal(await page.isVisible("form.search"), false);
  await context.close();
});

await check("screenshots of the ko topic page and a ko search", async (page) => {
  await page.setViewportSize({ width: 1100, height: 1400 });
  await page.goto(topic("ko"));
  await page.screenshot({ path: path.join(artifacts, "ko-topic.png") });
  await searchFor(page, "새로 고침 토큰이");
  await page.screenshot({ path: path.join(artifacts, "ko-search.png") });
});

await browser.close();
server.close();
fallbackServer.close();
commandsServer.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
