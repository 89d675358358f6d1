import { test, expect } from "@playwright/test";
import { EMPLOYEE, signIn } from "./helpers";

// Old shared computers: every form must post and redirect without the WASM bundle.
test.use({ javaScriptEnabled: false });

test("with JavaScript off, sign-in, errors, navigation and sign-out all work", async ({ page }) => {
  await signIn(page, EMPLOYEE, "wrong password here", false);
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.locator(".notices [role=alert]")).toContainText("do not match an account");

  await signIn(page, EMPLOYEE, undefined, false);
  await expect(page.getByRole("heading", { name: "Welcome, E2E" })).toBeVisible();
  await expect(page.locator("body[data-hydrated]")).toHaveCount(0);

  await page.getByRole("link", { name: "E2E employee" }).click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await page.locator("#current").fill("not it");
  await page.locator("#new_password").fill("another long phrase");
  await page.locator("#confirm").fill("another long phrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator(".notices [role=alert]")).toContainText("Your current password is not right.");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.locator(".notices")).toContainText("You have signed out.");
});
