import { test, expect } from "@playwright/test";
import { hydrated, signIn, TRAINER } from "./helpers";

// scripts/test seeds the end-to-end database with a small demo city (`academy demo seed
// --sessions …`): instructors I000001…, sessions held over two years, and their feedback.
const DEMO_INSTRUCTOR = "i000001@demo.city.test";
const DEMO_PASSWORD = "demo learner passphrase";

test("the trainers' dashboard ranks instructors with their intervals (screenshot)", async ({ page }) => {
  await signIn(page, TRAINER);
  await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();
  await page.goto("/trainer/benchmarks");
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Instructor benchmarks" })).toBeVisible();
  const chart = page.locator("figure.chart svg[role=img]").first();
  await expect(chart).toBeVisible();
  await expect(page.locator("#ranking-title")).toContainText("Instructors ranked by");
  // The same numbers as a table beside the chart, and the instructors who are not ranked.
  const rows = page.locator("table.ranking tbody tr");
  expect(await rows.count()).toBeGreaterThan(3);
  await expect(page.getByText(/Not ranked \(\d+\)/)).toBeVisible();
  await expect(page.locator("figure.chart").first()).toHaveScreenshot("ranking-chart.png", {
    maxDiffPixelRatio: 0.01,
  });

  // Filtering by question keeps working after hydration; the net score has its own scale.
  await page.getByLabel("Ranked by", { exact: true }).selectOption("recommend");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/question=recommend/);
  await expect(page.locator("table.ranking thead")).toContainText("Net score");

  // Every table downloads as CSV with the page's filters.
  const csv = await page.request.get("/benchmarks/ranking.csv?question=recommend");
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("Place,Instructor,Guest,Sessions");
});

test("an instructor reads their own figures without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, DEMO_INSTRUCTOR, DEMO_PASSWORD, false);
  await page.goto("/teaching/benchmarks");
  await expect(page.getByRole("heading", { level: 1, name: "My feedback" })).toBeVisible();
  await expect(page.locator("table.questions")).toContainText("Program norm");
  await expect(page.locator("svg[role=img] desc").first()).toBeAttached();
  await page.getByLabel("Ranked by", { exact: true }).selectOption("clarity");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/question=clarity/);
  await expect(page.locator(".standing")).toContainText("explained things clearly");
  // Another instructor's page is refused.
  const other = await page.goto("/benchmarks/instructor?who=u1");
  expect(other?.status()).toBe(403);
  await context.close();
});
