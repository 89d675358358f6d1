import { test, expect, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hydrated, signIn } from "./helpers";

const COURSE = "who-is-our-customer";

/** The right answers, read from the course's own check.md: input ids such as `q1-b`. */
function rightAnswers(): string[] {
  const text = readFileSync(join(__dirname, "../../courses", COURSE, "check.md"), "utf8");
  const ids: string[] = [];
  text.split(/^## /m).slice(1).forEach((block, i) => {
    const options = block.split("\n").filter((l) => /^- \[[ xX]\] /.test(l));
    options.forEach((line, j) => {
      if (/^- \[[xX]\]/.test(line)) ids.push(`q${i + 1}-${String.fromCharCode(97 + j)}`);
    });
  });
  return ids;
}

async function journey(page: Page, login: string, js: boolean) {
  await signIn(page, login, undefined, js);
  await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();
  await expect(page.getByText("You are not enrolled in any course yet.")).toBeVisible();

  await page.goto(`/courses/${COURSE}`);
  if (js) await hydrated(page);
  await page.getByRole("button", { name: "Enrol in this course" }).click();
  await expect(page.locator(".notices")).toContainText("You are enrolled in Who Is Our Customer?");
  await expect(page.getByText("0 of 4 lessons done")).toBeVisible();

  // Read every lesson: "Mark as done" leads on to the next one.
  await page.getByRole("link", { name: "Start the first lesson" }).click();
  for (let n = 1; n <= 4; n++) {
    await expect(page.getByText(`Lesson ${n} of 4`)).toBeVisible();
    if (js) await hydrated(page);
    await page.getByRole("button", { name: "Mark as done" }).click();
    await expect(page.locator(".notices")).toContainText("Lesson marked as done");
  }
  await expect(page.getByRole("heading", { level: 1, name: "Who Is Our Customer?" })).toBeVisible();
  await expect(page.getByText("4 of 4 lessons done")).toBeVisible();
  await expect(page.getByText("Still to do: pass the knowledge check.")).toBeVisible();

  // The check: graded on the server; the explanations appear only afterwards.
  await page.getByRole("link", { name: "Take the knowledge check" }).click();
  if (js) await hydrated(page);
  await expect(page.locator(".explanation")).toHaveCount(0);
  for (const id of rightAnswers()) await page.locator(`label[for="${id}"]`).click();
  await page.getByRole("button", { name: "Submit answers" }).click();
  await expect(page.locator(".notices")).toContainText("You passed with 100 %");
  await expect(page.locator(".explanation").first()).toBeVisible();

  await page.getByRole("link", { name: "View your certificate" }).first().click();
  await expect(page.getByRole("heading", { name: "Certificate of completion" })).toBeVisible();
  const code = (await page.locator(".certificate-code strong").textContent())!.trim();
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  return code;
}

test("enrol → read the lessons → pass the check → certificate → public verification", async ({ page, browser }) => {
  const code = await journey(page, "e2e-learner@city.test", true);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Completed (1)" })).toBeVisible();

  // Someone else, not signed in, checks the code by typing it in.
  const stranger = await browser.newPage();
  await stranger.goto("/verify");
  await stranger.getByLabel(/Verification code/).fill(code.toLowerCase());
  await stranger.getByRole("button", { name: "Verify" }).click();
  await expect(stranger.getByRole("heading", { name: "This certificate is valid" })).toBeVisible();
  await expect(stranger.getByText("E2E employee")).toBeVisible();
  await expect(stranger.getByText("e2e-learner@city.test")).toHaveCount(0);
  await stranger.close();
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });
  test("the same journey works with plain forms", async ({ page }) => {
    const code = await journey(page, "e2e-learner-nojs@city.test", false);
    await page.goto(`/verify/${code}`);
    await expect(page.getByRole("heading", { name: "This certificate is valid" })).toBeVisible();
  });
});
