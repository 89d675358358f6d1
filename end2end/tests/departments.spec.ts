import { test, expect, type Page } from "@playwright/test";
import { ADMIN, hydrated, signIn } from "./helpers";

const COURSE = "Who Is Our Customer?";

function dueIn(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** Department → roster upload (dry run, then import) → assignment → the department report. */
async function journey(page: Page, code: string, prefix: string, js: boolean) {
  await signIn(page, ADMIN, undefined, js);
  await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();

  await page.goto("/admin/departments");
  if (js) await hydrated(page);
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByLabel("Name", { exact: true }).fill(`Parks ${prefix}`);
  await page.getByRole("button", { name: "Save department" }).click();
  await expect(page.locator(".notices")).toContainText(`Department ${code} saved.`);
  await expect(page.locator("#departments-table")).toContainText(`Parks ${prefix} (${code})`);

  // The HR export, uploaded as a dry run first: it reports the bad row by line and changes nothing.
  const csv =
    "employee_id,name,email,department,job_title,manager_id,active\n" +
    `${prefix}1,Ada Park,${prefix.toLowerCase()}1@city.test,${code},Ranger,,yes\n` +
    `${prefix}2,Ben Park,${prefix.toLowerCase()}2@city.test,${code},Ranger,,yes\n` +
    `${prefix}3,Cal Park,${prefix.toLowerCase()}3@city.test,${code},Gardener,,yes\n` +
    `${prefix}4,Bad Row,not-an-email,${code},Ranger,,yes\n`;
  await page.goto("/admin/roster");
  await page.locator("#file").setInputFiles({ name: "parks.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.locator("#dry_run")).toBeChecked();
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.locator(".notices")).toContainText("Dry run done: nothing changed.");
  const report = page.locator("#roster-report");
  await expect(report).toContainText("Dry run of parks.csv");
  await expect(report).toContainText("3 new, 0 changed");
  await expect(report).toContainText("line 5: email");

  // …then imported exactly as reviewed.
  await page.getByRole("button", { name: "Import these changes" }).click();
  await expect(page.locator(".notices")).toContainText("Imported: 3 new, 0 changed, 0 deactivated.");
  await expect(page.locator("#roster-report")).toContainText("Import of parks.csv");

  // The course is assigned to the department, with a due date.
  await page.goto("/assignments");
  if (js) await hydrated(page);
  await page.locator("#course").selectOption({ label: COURSE });
  await page.locator("#kind-department").check();
  await page.locator("#department").selectOption(code);
  await page.locator("#due_on").fill(dueIn(21));
  await page.getByRole("button", { name: "Assign" }).click();
  await expect(page.locator(".notices")).toContainText(`${COURSE} assigned`);
  await expect(page.locator(".notices")).toContainText("3 people enrolled now");
  await expect(page.locator("#assignments")).toContainText(`Department: ${code}`);

  // The department report shows it: three assigned, none completed yet.
  await page.goto(`/reports/departments/${code}`);
  await expect(page.getByRole("heading", { level: 1, name: `Parks ${prefix} (${code})` })).toBeVisible();
  const row = page.locator("#courses-table tbody tr", { hasText: COURSE });
  await expect(row.locator("td")).toHaveText(["3", "3", "0", "0", "0 %"]);
  await expect(page.locator("figure.chart svg")).toHaveCount(1);
  await row.getByRole("link", { name: COURSE }).click();
  await expect(page.locator("#people-table")).toContainText("Ada Park");
  await expect(page.locator("#people-table")).toContainText("Due ");

  // And the city-wide view has the department side by side with the others.
  await page.goto("/reports");
  await expect(page.locator("#departments-table")).toContainText(`Parks ${prefix} (${code})`);
}

test("upload a roster (dry run, then import) → assign a course → the department report shows it", async ({ page }) => {
  await journey(page, "E2E-PARKS", "PKJ", true);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });
  test("the same journey works with plain forms", async ({ page }) => {
    await journey(page, "E2E-PARKS-NOJS", "PKN", false);
  });
});
