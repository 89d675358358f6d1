import { test, expect, type Browser, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { ADMIN, EMPLOYEE, PASSWORD, TRAINER, createAccount, hydrated, signIn, stamp } from "./helpers";

// Every page as every role, with JavaScript on, and every link on them to a file rather than a
// page (CSV exports, calendar files) clicked: the browser must download it, not the client
// router look for a page of that name. The links are collected by what they point at, so a
// download link added later is covered without touching this test.

const INSTRUCTOR = "e2e-instructor@city.test";
const DEMO_INSTRUCTOR = "i000001@demo.city.test";
const DEMO_PASSWORD = "demo learner passphrase";
const FILE_LINKS = ['a[href$=".csv"]', 'a[href*=".csv?"]', 'a[href$=".ics"]', 'a[href*=".ics?"]', "a[download]"].join(", ");
const ERROR_HEADINGS = /^(Page not found|Something went wrong|You do not have access to this page)$/;

/** The file routes the journey must have met (by path, numbers and codes left out). */
const EXPECTED_FILES = [
  /^\/sessions\/\d+\/calendar\.ics$/,
  /^\/sessions\/\d+\/roster\.csv$/,
  /^\/transcript\.csv$/,
  /^\/benchmarks\/[a-z-]+\.csv$/,
  /^\/reports\/departments\.csv$/,
  /^\/reports\/people\.csv$/,
  /^\/reports\/departments\/[^/]+\/courses\.csv$/,
  /^\/reports\/departments\/[^/]+\/people\.csv$/,
];

function inDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function person(browser: Browser, login: string, password = PASSWORD, js = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: js });
  const page = await context.newPage();
  await signIn(page, login, password, js);
  await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();
  return page;
}

class Journey {
  clicked = new Set<string>();
  /** File links that did not download, or not as what they are (the journey goes on, to list them all). */
  failed: string[] = [];
  pages = 0;

  /** The page shows its own content, then every file link on it downloads. */
  async check(page: Page, label: string) {
    const h1 = page.locator("main h1").first();
    await expect(h1, label).toBeVisible();
    await expect(h1, label).not.toHaveText(ERROR_HEADINGS);
    this.pages += 1;
    const links = page.locator(FILE_LINKS);
    const count = await links.count();
    for (let i = 0; i < count; i++) {
      const link = links.nth(i);
      const href = (await link.getAttribute("href"))!;
      const at = page.url();
      const path = new URL(href, at).pathname;
      try {
        const [download] = await Promise.all([page.waitForEvent("download", { timeout: 10_000 }), link.click()]);
        const saved = await download.path();
        expect(readFileSync(saved).length, `${label}: ${href} downloaded empty`).toBeGreaterThan(0);
        expect(page.url(), `${label}: clicking ${href} left the page`).toBe(at);
        await expect(h1, `${label}: after ${href}`).not.toHaveText(ERROR_HEADINGS);
        this.clicked.add(path);
      } catch (e) {
        this.failed.push(`${label}: ${href}: ${String(e).split("\n")[0]}`);
        // The click went somewhere else: back to the page for its other links.
        await page.goto(at);
        await hydrated(page);
      }

      // The same address, fetched with the page's cookies: the right type, and content.
      try {
        const res = await page.request.get(href);
        expect(res.status(), href).toBe(200);
        const type = path.endsWith(".ics") ? /^text\/calendar/ : /^text\/csv/;
        expect(res.headers()["content-type"], href).toMatch(type);
        expect((await res.body()).length, href).toBeGreaterThan(0);
      } catch (e) {
        this.failed.push(`${label}: ${href} fetched: ${String(e).split("\n")[0]}`);
      }
    }
  }

  /** Opens `path` by address (server-rendered, then hydrated). */
  async open(page: Page, path: string, who: string) {
    const res = await page.goto(path);
    expect(res?.status(), `${who} ${path}`).toBeLessThan(400);
    await hydrated(page);
    await this.check(page, `${who} ${path}`);
  }

  /** Follows every link of the main navigation and the account link, in the page. */
  async navigation(page: Page, who: string) {
    await page.goto("/");
    await hydrated(page);
    const nav = page.getByRole("navigation", { name: "Main" });
    const hrefs = await nav.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")!));
    expect(hrefs.length).toBeGreaterThan(2);
    for (const href of hrefs) {
      await nav.locator(`a[href="${href}"]`).first().click();
      await expect(page).toHaveURL(new RegExp(`${href.replace(/[.?]/g, "\\$&")}$`));
      await this.check(page, `${who} ${href} (navigation)`);
    }
  }

  async visit(page: Page, who: string, paths: string[]) {
    await test.step(who, async () => {
      await this.navigation(page, who);
      for (const path of paths) await this.open(page, path, who);
    });
  }
}

test("every page as every role, every download link downloads", async ({ browser }) => {
  test.setTimeout(10 * 60_000);
  const s = stamp();
  const code = `DL${s}`;

  // Set-up through the pages. An administrator adds a department and a person who is its
  // customer service officer; the person chooses a password (with JavaScript off, as setting
  // up is not what this test is about).
  const admin = await person(browser, ADMIN);
  await admin.goto("/admin/departments");
  await hydrated(admin);
  await admin.getByLabel("Code", { exact: true }).fill(code);
  await admin.getByLabel("Name", { exact: true }).fill(`Downloads ${s}`);
  await admin.getByRole("button", { name: "Save department" }).click();
  await expect(admin.locator(".notices")).toContainText(`Department ${code} saved.`);
  const officer = await createAccount(admin, {
    employeeId: `DLO-${s}`,
    name: `Dora Lind ${s}`,
    email: `dora.${s.toLowerCase()}@city.test`,
    department: code,
  });
  await admin.goto("/admin/departments");
  await hydrated(admin);
  await admin.locator("#officer-code").fill(code);
  await admin.locator("#officer-employee").fill(officer.employeeId);
  await admin.getByRole("button", { name: "Add officer" }).click();
  await expect(admin.locator(".notices")).toContainText(`${officer.employeeId} is now a customer service officer of ${code}.`);

  const chosen = `downloads phrase ${s.toLowerCase()}`;
  const first = await browser.newContext({ javaScriptEnabled: false });
  const setup = await first.newPage();
  await signIn(setup, officer.email, officer.oneTimePassword, false);
  await expect(setup).toHaveURL(/\/account\?first=1$/);
  await setup.locator("#current").fill(officer.oneTimePassword);
  await setup.locator("#new_password").fill(chosen);
  await setup.locator("#confirm").fill(chosen);
  await setup.getByRole("button", { name: "Change password" }).click();
  await expect(setup.locator(".notices")).toContainText("Your password has been changed.");
  await first.close();

  // A trainer schedules a session a week ahead, taught by the E2E instructor; the officer books.
  const trainer = await person(browser, TRAINER);
  await trainer.goto("/trainer/sessions/new");
  await hydrated(trainer);
  const title = `Download practice ${s}`;
  await trainer.getByLabel("Course").selectOption("front-line-talent");
  await trainer.getByLabel("Title").fill(title);
  await trainer.getByLabel("Date").fill(inDays(7));
  await trainer.getByLabel("Starts").fill("10:00");
  await trainer.getByLabel("Ends").fill("11:30");
  await trainer.getByLabel("Place").fill("City Hall, Room 2");
  await trainer.getByLabel("Capacity").fill("10");
  await trainer.getByLabel("In-house instructors").fill("E2E-INS");
  await trainer.getByRole("button", { name: "Schedule" }).click();
  await expect(trainer.locator(".notices")).toContainText(`${title} is scheduled.`);
  await expect(trainer.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const sessionPath = new URL(trainer.url()).pathname;
  expect(sessionPath).toMatch(/^\/sessions\/\d+$/);

  const dora = await person(browser, officer.email, chosen);
  await dora.goto(sessionPath);
  await hydrated(dora);
  await dora.getByRole("button", { name: "Register" }).click();
  await expect(dora.locator(".notices")).toContainText(`You are booked for ${title}`);

  // An instructor's own page, from the trainers' ranking.
  await trainer.goto("/trainer/benchmarks");
  const ranked = await trainer.locator('table.ranking a[href^="/benchmarks/instructor?"]').first().getAttribute("href");
  expect(ranked).toBeTruthy();

  const journey = new Journey();
  const reports = [`/reports/departments/${code}`, `/reports/departments/${code}/people`];
  const session = [sessionPath, `${sessionPath}/roster`, `${sessionPath}/results`];
  const everyone = ["/", "/account", "/sessions", "/transcript", "/verify", "/courses", "/case-studies", "/glossary"];

  await journey.visit(dora, "officer (employee)", [...everyone, sessionPath, ...reports, "/assignments"]);
  await journey.visit(trainer, "trainer", [
    ...everyone,
    "/trainer",
    "/trainer/enrol",
    "/trainer/sessions",
    "/trainer/sessions/new",
    "/trainer/forms",
    "/trainer/benchmarks",
    ranked!,
    "/reports",
    ...reports,
    "/assignments",
    ...session,
    `/transcript?employee=${officer.employeeId}`,
  ]);
  const instructor = await person(browser, INSTRUCTOR);
  await journey.visit(instructor, "instructor", [...everyone, "/teaching", "/teaching/benchmarks", ...session]);
  const demo = await person(browser, DEMO_INSTRUCTOR, DEMO_PASSWORD);
  await journey.visit(demo, "instructor with feedback", ["/teaching", "/teaching/benchmarks"]);
  const employee = await person(browser, EMPLOYEE);
  await journey.visit(employee, "employee", everyone);
  await journey.visit(admin, "administrator", [
    ...everyone,
    "/admin/users",
    "/admin/departments",
    "/admin/roster",
    "/trainer",
    "/trainer/benchmarks",
    "/reports",
    ...reports,
    "/assignments",
  ]);

  // Every file link downloaded, and each kind of file route was met at least once.
  expect(journey.failed, `file links that failed:\n${journey.failed.join("\n")}`).toEqual([]);
  const clicked = [...journey.clicked];
  for (const kind of EXPECTED_FILES) {
    expect(clicked.some((p) => kind.test(p)), `no download matched ${kind} among ${clicked.join(", ")}`).toBe(true);
  }
  expect(journey.pages).toBeGreaterThan(60);
  for (const p of [admin, trainer, dora, instructor, demo, employee]) await p.context().close();
});
