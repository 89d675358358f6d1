import { test, expect } from "@playwright/test";
import { ADMIN, EMPLOYEE, PASSWORD, TRAINER, changePassword, createAccount, hydrated, signIn, stamp } from "./helpers";

// With JavaScript on, a sign-in's answer redirects before the browser has asked who is signed
// in now: the next page must wait for that instead of sending the person back to sign in.

test("first sign-in with a one-time password opens the password change, then the person carries on", async ({ page }) => {
  // An administrator creates the account and hands out the one-time password…
  await signIn(page, ADMIN);
  await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();
  const s = stamp();
  const account = await createAccount(page, {
    employeeId: `OTP-${s}`,
    name: `Ola Tunde ${s}`,
    email: `ola.${s.toLowerCase()}@city.test`,
    department: "Revenue",
  });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.locator(".notices")).toContainText("You have signed out.");

  // …and the new person signs in with it on the same computer.
  await signIn(page, account.email, account.oneTimePassword);
  await expect(page).toHaveURL(/\/account\?first=1$/);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByText("Please choose your own password before you continue.")).toBeVisible();
  await expect(page.locator("header")).toContainText(account.name);

  const chosen = `my own phrase ${s.toLowerCase()}`;
  await changePassword(page, account.oneTimePassword, chosen);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText("Please choose your own password before you continue.")).toHaveCount(0);

  // They can continue: the dashboard and their own pages open, in the page and on reload.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Dashboard" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Welcome, Ola" })).toBeVisible();
  await page.goto("/transcript");
  await expect(page.getByRole("heading", { name: "My transcript" })).toBeVisible();

  // The one-time password no longer works; the chosen one does.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.locator(".notices")).toContainText("You have signed out.");
  await signIn(page, account.email, account.oneTimePassword);
  await expect(page.locator(".notices [role=alert]")).toContainText("do not match an account");
  await signIn(page, account.email, chosen);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("heading", { name: "Welcome, Ola" })).toBeVisible();
});

for (const [login, path, heading] of [
  [TRAINER, "/trainer/sessions", "All sessions"],
  [ADMIN, "/admin/users?q=E2E", "Users"],
  [EMPLOYEE, "/transcript", "My transcript"],
] as const) {
  test(`signing in from ${path} comes back to it`, async ({ page }) => {
    const res = await page.goto(path);
    expect(res?.status()).toBe(200);
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    expect(new URL(page.url()).searchParams.get("next")).toBe(path);
    await hydrated(page);
    await page.locator("#login").fill(login);
    await page.locator("#password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(path);
    await expect(page.locator("#login")).toHaveCount(0);
  });
}
