// Drops an invalid dossier on the validation page in headless Chromium and checks that each
// violation's French message (as the API gives it) is on the page, next to its line, with
// its hint; then the same in English. Saves a screenshot for a person to look at.
//
// Usage: node page-test.mjs <node_modules> <chromium> <page URL> <dossier.json> <screenshot.png>
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const [modules, chromium, url, dossier, screenshot] = process.argv.slice(2);
const require = createRequire(join(resolve(modules), "noop.js"));
const { chromium: launcher } = require("playwright-core");

let failed = 0;
let passed = 0;
function check(name, ok, detail = "") {
  if (ok) passed += 1;
  else {
    failed += 1;
    console.log(`FAIL ${name} ${detail}`);
  }
}

const text = readFileSync(dossier, "utf8");
async function expected(lang) {
  const r = await fetch(`${url}v1/validate?lang=${lang}`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: text,
  });
  return (await r.json()).violations;
}

const browser = await launcher.launch({ executablePath: chromium, args: ["--no-sandbox"] });
try {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  const response = await page.goto(url);
  check("page served", response.ok());
  const csp = response.headers()["content-security-policy"] || "";
  check("content security policy", csp.includes("default-src 'none'") && csp.includes("script-src 'self'"), csp);
  await page.waitForSelector("#promotion option[value='eig-7']", { state: "attached" });

  // Drop the file on the drop zone, as an officer does from a file manager.
  const data = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], "defi.json", { type: "application/json" }));
    return dt;
  }, text);
  await page.dispatchEvent("#drop", "drop", { dataTransfer: data });
  await page.waitForSelector("#result .verdict");
  const french = await expected("fr");
  check("the dossier has violations", french.length >= 3, String(french.length));
  const shown = await page.$$eval("#result .violation", (boxes) => boxes.map((b) => b.textContent));
  check("one box per violation", shown.length === french.length, `${shown.length} vs ${french.length}`);
  for (const v of french) {
    const box = shown.find((s) => s.includes(v.message));
    check(`French message ${v.code} ${v.path}`, box !== undefined, v.message);
    if (box && v.hint) check(`hint ${v.code}`, box.includes("Pour corriger : " + v.hint), box);
    if (v.line) {
      const inLine = await page.$eval(`#line-${v.line}`, (li, m) => li.textContent.includes(m), v.message);
      check(`next to line ${v.line}`, inLine, v.message);
    }
  }
  const verdict = await page.textContent("#result .verdict");
  check("verdict in French", verdict.startsWith("Dossier invalide"), verdict);
  await page.screenshot({ path: screenshot, fullPage: true });

  // The same in English, pasted and checked with a chosen promotion.
  await page.selectOption("#lang", "en");
  await page.selectOption("#promotion", JSON.parse(text).promotion || "");
  await page.fill("#text", text);
  await page.click("#check");
  await page.waitForFunction(() => document.querySelector("#result .verdict")?.textContent.startsWith("Invalid"));
  const english = await expected("en");
  const shownEn = await page.$$eval("#result .violation", (boxes) => boxes.map((b) => b.textContent));
  for (const v of english) {
    check(`English message ${v.code}`, shownEn.some((s) => s.includes(v.message)), v.message);
  }
  check("no script error", problems.length === 0, problems.join("; "));
} finally {
  await browser.close();
}
console.log(`web page: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
