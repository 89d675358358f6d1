import { expect, type Page } from "@playwright/test";

export const PASSWORD = process.env.E2E_PASSWORD ?? "end-to-end passphrase";
export const ADMIN = "e2e-admin@city.test";
export const EMPLOYEE = "e2e-employee@city.test";
export const TRAINER = "e2e-trainer@city.test";

/** Waits until the WASM bundle has hydrated the page (the app marks <body>). */
export async function hydrated(page: Page) {
  try {
    await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
  } catch (e) {
    // Seen once (2026-12-02, /admin/users after signing in): say what the page had, so the
    // next failure tells whether the bundle loaded, or its script was refused, or it panicked.
    const facts = await page
      .evaluate(() =>
        JSON.stringify({
          url: location.href,
          bundle: performance
            .getEntriesByType("resource")
            .filter((r) => r.name.includes("/pkg/"))
            .map((r) => [r.name, Math.round(r.duration), (r as PerformanceResourceTiming).responseStatus]),
          scripts: Array.from(document.scripts).map((s) => [s.type || "classic", s.nonce ? "nonce" : "no nonce"]),
        }),
      )
      .catch((err) => `could not be read: ${err}`);
    throw new Error(`${(e as Error).message}\nWhat the page had: ${facts}`);
  }
}

export async function signIn(page: Page, login: string, password = PASSWORD, js = true) {
  await page.goto("/sign-in");
  if (js) await hydrated(page);
  await page.locator("#login").fill(login);
  await page.locator("#password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A short stamp that makes names, emails and employee ids unique to this run. */
export function stamp(): string {
  return (Date.now().toString(36) + Math.random().toString(36).slice(2, 5)).toUpperCase();
}

export type NewAccount = { employeeId: string; name: string; email: string; oneTimePassword: string };

/**
 * An administrator, signed in on `page`, creates an account on /admin/users and reads the
 * one-time password from the notice (it is shown once).
 */
export async function createAccount(
  page: Page,
  who: { employeeId: string; name: string; email: string; department?: string; role?: string },
): Promise<NewAccount> {
  await page.goto("/admin/users");
  await hydrated(page);
  await page.getByText("Create an account").click();
  await page.locator("#employee_id").fill(who.employeeId);
  await page.locator("#name").fill(who.name);
  await page.locator("#email").fill(who.email);
  await page.locator("#department").fill(who.department ?? "");
  await page.locator("#new-role").selectOption(who.role ?? "employee");
  await page.getByRole("button", { name: "Create account" }).click();
  const notice = page.locator(".notices");
  await expect(notice).toContainText(`Account created for ${who.name}. Their one-time password is`);
  const text = (await notice.textContent()) ?? "";
  const found = text.match(/one-time password is ([a-z0-9]{4}(?:-[a-z0-9]{4}){3})/);
  expect(found, text).not.toBeNull();
  return { employeeId: who.employeeId, name: who.name, email: who.email, oneTimePassword: found![1] };
}

/** On /account, changes the password from `current` to `next`. */
export async function changePassword(page: Page, current: string, next: string) {
  await page.locator("#current").fill(current);
  await page.locator("#new_password").fill(next);
  await page.locator("#confirm").fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator(".notices")).toContainText("Your password has been changed.");
}
