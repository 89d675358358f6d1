import { test, expect } from "@playwright/test";
import { EMPLOYEE, signIn } from "./helpers";

// Old shared computers: every form must post and redirect without the WASM bundle.
test.use({ javaScriptEnabled: false });

test("with JavaScript off, sign-in, errors, navigation and sign-out all work", async ({ page }) => {
  await signIn(page, EMPLOYEE, "wrong password here", false);
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("alert")).toContainText("do not match an account");

  await signIn(page, EMPLOYEE, undefined, false);
  await expect(page.getByRole("heading", { name: "Welcome, E2E" })).toBeVisible();
  await expect(page.locator("body[data-hydrated]")).toHaveCount(0);

  await page.getByRole("link", { name: "E2E employee" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await page.getByLabel("Current password").fill("not it");
  await page.getByLabel("New password", { exact: true }).fill("another long phrase");
  await page.getByLabel("New password again").fill("another long phrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert")).toContainText("Your current password is not right.");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("status")).toContainText("You have signed out.");
});
