import { test, expect } from "@playwright/test";
import { ADMIN, EMPLOYEE, TRAINER, createAccount, hydrated, signIn, stamp } from "./helpers";

test("an employee signs in, moves around the hydrated app, and signs out", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  await expect(page.getByRole("heading", { name: "Welcome, E2E" })).toBeVisible();
  await expect(page.locator(".notices")).toContainText("Welcome, E2E employee.");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" })).toHaveCount(0);

  // A link opens the next page, still signed in, and that page is enhanced again (islands:
  // every page is a page load of server HTML, then its small bundle runs).
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Courses" }).click();
  await expect(page).toHaveURL(/\/courses$/);
  await expect(page.getByRole("heading", { name: "Course catalog" })).toBeVisible();
  await expect(page.locator("header")).toContainText("E2E employee");
  await hydrated(page);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.locator(".notices")).toContainText("You have signed out.");
  await expect(page.locator("header").getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await signIn(page, EMPLOYEE, "not the right password");
  await expect(page.locator(".notices [role=alert]")).toContainText("do not match an account");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an employee who opens the admin page gets a refusal", async ({ page }) => {
  await signIn(page, EMPLOYEE);
  await expect(page.getByRole("heading", { name: "Welcome, E2E" })).toBeVisible();
  const res = await page.goto("/admin/users");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You do not have access to this page" })).toBeVisible();
});

test("an administrator creates an account and sees its one-time password", async ({ page }) => {
  await signIn(page, ADMIN);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Users" })).toBeVisible();
  await nav.getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
  await page.getByText("Create an account").click();
  const stamp = Date.now().toString().slice(-6);
  await page.locator("#employee_id").fill(`NEW-${stamp}`);
  await page.locator("#name").fill(`Nia Okafor ${stamp}`);
  await page.locator("#email").fill(`nia.${stamp}@city.test`);
  await page.locator("#department").fill("Parks & Recreation");
  await page.locator("#new-role").selectOption("instructor");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator(".notices")).toContainText(`Account created for Nia Okafor ${stamp}. Their one-time password is`);
  await page.goto(`/admin/users?q=${stamp}`);
  await expect(page.getByRole("row", { name: new RegExp(`Nia Okafor ${stamp}`) })).toBeVisible();
});

test("the create-account form is empty again after an account is created", async ({ page }) => {
  await signIn(page, ADMIN);
  await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();
  const s = stamp();
  await createAccount(page, {
    employeeId: `FRM-${s}`,
    name: `Form Reset ${s}`,
    email: `form.${s.toLowerCase()}@city.test`,
    department: "Revenue",
    role: "instructor",
  });
  // Back on the users page, the one-time password shown once, and nothing left to duplicate:
  // the page is rendered again (the form posts, then redirects), so its panel is opened again
  // for the next person.
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.locator(".notices")).toContainText(`Account created for Form Reset ${s}`);
  await page.getByText("Create an account").click();
  await expect(page.locator("details.panel")).toHaveAttribute("open", "");
  for (const field of ["#employee_id", "#name", "#email", "#department"]) {
    await expect(page.locator(field), field).toHaveValue("");
  }
  await expect(page.locator("#new-role")).toHaveValue("employee");
});

test("a trainer sees the training area in the navigation", async ({ page }) => {
  await signIn(page, TRAINER);
  await hydrated(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Training" }).click();
  await expect(page.getByRole("heading", { name: "Training program" })).toBeVisible();
});
