import { test, expect } from "@playwright/test";
import { EMPLOYEE, hydrated, signIn } from "./helpers";

test("catalog → course → lesson → glossary term", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  await expect(page.getByRole("heading", { name: "Welcome, E2E" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Courses" }).click();
  await expect(page.getByRole("heading", { name: "Course catalog" })).toBeVisible();

  await page.getByLabel("Search courses").fill("customer");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=customer/);
  await page.getByRole("link", { name: "Who Is Our Customer?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Who Is Our Customer?" })).toBeVisible();

  await page.getByRole("link", { name: "Start the first lesson" }).click();
  await expect(page.getByText(/Lesson 1 of \d+/)).toBeVisible();
  await hydrated(page);

  // A glossary term shows its definition on keyboard focus, then leads to the glossary.
  const term = page.locator("article .term").first();
  const definition = term.locator("[role=tooltip]");
  await term.locator("a").focus();
  await expect(definition).toBeVisible();
  const name = (await term.locator("a").getAttribute("href"))!.split("#")[1];
  await term.locator("a").click();
  await expect(page).toHaveURL(new RegExp(`/glossary#${name}$`));
  await expect(page.locator(`dt#${name}`)).toBeVisible();
});

test("a lesson works with the keyboard: next and previous", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  await expect(page.getByRole("heading", { name: "Welcome, E2E" })).toBeVisible();
  await page.goto("/courses/who-is-our-customer/citizens-as-customers");
  await page.getByRole("navigation", { name: "Lessons" }).getByRole("link").last().click();
  await expect(page.getByText("Lesson 2 of 4")).toBeVisible();
  await page.locator("a[rel=prev]").click();
  await expect(page.getByText("Lesson 1 of 4")).toBeVisible();
});
