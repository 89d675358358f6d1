// Time to interactive of the browser bundle on an old computer (BENCHMARKS.md, "The browser
// bundle"): scripts/bench-bundle starts the servers and runs this. Usage:
//   node bundle-timing.mjs ROUNDS LABEL=BASE_URL [LABEL=BASE_URL ...]
// Each server must know the demo learner D000001 (password in BENCH_PASSWORD). For every round,
// page and variant (the order of variants alternates between rounds, so drift on this shared
// machine falls on each alike) it loads the page in Chromium with the CPU slowed down
// (BENCH_CPU, default 6×) and the network shaped (BENCH_MBIT down, BENCH_RTT_MS), once with an
// empty cache ("first visit") and once more in the same browser context ("next visit"), and
// records when <body data-hydrated> appeared (the app sets it once the WASM has run) and how many
// bytes crossed the network.
import { chromium } from "@playwright/test";

const [rounds, ...variants] = process.argv.slice(2);
const ROUNDS = Number(rounds);
if (!ROUNDS || variants.length === 0) {
  console.error("usage: node bundle-timing.mjs ROUNDS LABEL=BASE_URL [LABEL=BASE_URL ...]");
  process.exit(2);
}
const CPU = Number(process.env.BENCH_CPU ?? 6);
const MBIT = Number(process.env.BENCH_MBIT ?? 10);
const RTT = Number(process.env.BENCH_RTT_MS ?? 40);
const PASSWORD = process.env.BENCH_PASSWORD ?? "demo learner passphrase";

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

// Records, from the first byte of the page, when the app marks <body data-hydrated>.
function watchHydration() {
  new MutationObserver((_, observer) => {
    if (document.body?.hasAttribute("data-hydrated")) {
      window.__hydratedAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, childList: true });
}

async function signedIn(base) {
  const context = await browser.newContext({ baseURL: base });
  const res = await context.request.post("/api/accounts/sign-in", {
    form: { login: "D000001", password: PASSWORD, next: "" },
    headers: { origin: base, accept: "text/html" },
    maxRedirects: 0,
  });
  if (res.status() >= 400) throw new Error(`${base}: sign-in answered ${res.status()}`);
  const state = await context.storageState();
  const dashboard = await (await context.request.get("/")).text();
  await context.close();
  const lesson = dashboard.match(/href="(\/courses\/[a-z0-9-]+\/[a-z0-9-]+)"/)?.[1];
  if (!lesson) throw new Error(`${base}: D000001 has no lesson on the dashboard`);
  return { state, pages: [["dashboard", "/"], ["lesson", lesson], ["sessions", "/sessions"]] };
}

async function throttled(context) {
  const page = await context.newPage();
  await page.addInitScript(watchHydration);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU });
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: RTT,
    downloadThroughput: (MBIT * 1e6) / 8,
    uploadThroughput: (MBIT * 1e6) / 8,
  });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e) => (bytes += e.encodedDataLength));
  return { page, bytes: () => bytes, reset: () => (bytes = 0) };
}

async function load(tab, path) {
  tab.reset();
  await tab.page.goto(path, { waitUntil: "load" });
  await tab.page
    .waitForFunction(() => window.__hydratedAt !== undefined, null, { timeout: 60_000 })
    .catch(async (e) => {
      const marked = await tab.page.locator("body[data-hydrated]").count();
      throw new Error(`${tab.page.url()} (asked for ${path}): not hydrated (marker present: ${marked > 0}): ${e.message}`);
    });
  const t = await tab.page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const paint = performance.getEntriesByName("first-contentful-paint")[0];
    return { fcp: paint?.startTime ?? NaN, load: nav.loadEventEnd, hydrated: window.__hydratedAt };
  });
  // Let the last responses finish counting.
  await tab.page.waitForTimeout(100);
  return { ...t, kb: tab.bytes() / 1024 };
}

// From the dashboard (bundle cached), a click on the link to `path` (already open in this tab):
// the time until that page shows its title and is enhanced, whether the browser loads a new
// document or the app renders it in the page.
async function follow(tab, path) {
  const title = await tab.page.title();
  await load(tab, "/");
  tab.reset();
  const started = Date.now();
  await tab.page.locator(`main a[href="${path}"]`).first().click();
  await tab.page.waitForFunction(
    ([p, t]) => location.pathname === p && document.title === t && document.body?.hasAttribute("data-hydrated"),
    [path, title],
    { timeout: 60_000, polling: 10 },
  );
  const hydrated = Date.now() - started;
  // A new document (a page load): when it was marked, counted from its own navigation start.
  const own = await tab.page.evaluate((p) => {
    const nav = performance.getEntriesByType("navigation")[0];
    return new URL(nav.name).pathname === p ? window.__hydratedAt : NaN;
  }, path);
  await tab.page.waitForTimeout(100);
  return { fcp: NaN, load: own, hydrated, kb: tab.bytes() / 1024 };
}

const servers = [];
for (const v of variants) {
  const [label, base] = v.split(/=(.*)/s);
  servers.push({ label, base, ...(await signedIn(base)) });
}
const results = {}; // label → page → visit → [samples]
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 ? [...servers].reverse() : servers;
  for (const [i] of servers[0].pages.entries()) {
    for (const s of order) {
      const [name, path] = s.pages[i];
      const context = await browser.newContext({ baseURL: s.base, storageState: s.state });
      const tab = await throttled(context);
      const first = await load(tab, path);
      const next = await load(tab, path);
      const visits = [["first visit", first], ["next visit", next]];
      if (name === "lesson") visits.push(["link from the dashboard", await follow(tab, path)]);
      await context.close();
      for (const [visit, sample] of visits) {
        ((results[s.label] ??= {})[name] ??= {})[visit] ??= [];
        results[s.label][name][visit].push(sample);
      }
    }
  }
}
await browser.close();

// ¹ For the link from the dashboard: when a new document was marked, from its own start.
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log(`CPU ${CPU}× slower, ${MBIT} Mbit/s, ${RTT} ms round trip; median of ${ROUNDS} rounds (min–max)`);
console.log("| build | page | visit | hydrated (ms) | load event (ms)¹ | first paint (ms) | transferred (KB) |");
console.log("| --- | --- | --- | ---: | ---: | ---: | ---: |");
for (const [label, pages] of Object.entries(results)) {
  for (const [name, visits] of Object.entries(pages)) {
    for (const [visit, samples] of Object.entries(visits)) {
      const col = (k, d = 0) => median(samples.map((x) => x[k])).toFixed(d);
      const range = (k) => {
        const xs = samples.map((x) => x[k]);
        return `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
      };
      console.log(
        `| ${label} | ${name} | ${visit} | ${col("hydrated")} (${range("hydrated")}) | ${col("load")} | ${col("fcp")} | ${col("kb", 1)} |`,
      );
    }
  }
}
