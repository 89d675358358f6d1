import { expect, test, type Page } from "@playwright/test";

export const PASSWORD = process.env.E2E_PASSWORD ?? "end-to-end passphrase";
export const ADMIN = "e2e-admin@city.test";
export const EMPLOYEE = "e2e-employee@city.test";
export const TRAINER = "e2e-trainer@city.test";

/** Waits until the WASM bundle has hydrated the page (the app marks <body>). */
export async function hydrated(page: Page) {
  const marked = page.locator("body[data-hydrated=true]");
  try {
    await expect(marked).toHaveCount(1);
    return;
  } catch (e) {
    // Seen in some full runs since issue #17 (islands), and rarely before it: in a page that
    // never hydrates, *no* inline script has run (the shell's requestIdleCallback cap is not in
    // place, Leptos' loader never started), though the server's nonces match (checked on
    // hundreds of answers, compressed and not, concurrent and not) and 140 navigations alone
    // never showed it. Until that is found (issue #17's note), a page gets one reload; a page
    // that fails twice fails the test, and every retry is recorded on the test's report.
    const facts = await pageFacts(page);
    test.info().annotations.push({ type: "hydration retried", description: facts });
    console.warn(`not hydrated on first load, reloading: ${facts}`);
    await page.reload();
    try {
      await expect(marked).toHaveCount(1);
    } catch (again) {
      throw new Error(`${(again as Error).message}\nWhat the page had: ${await pageFacts(page)}\nFirst load: ${facts}`);
    }
  }
}

/** What a page that did not hydrate had: its bundle requests, its scripts, whether any ran. */
async function pageFacts(page: Page): Promise<string> {
  return page
    .evaluate(() =>
      JSON.stringify({
        url: location.href,
        loaderStarted: typeof (window as unknown as { __hydrateIsland?: unknown }).__hydrateIsland,
        idleCapped: !String(window.requestIdleCallback).includes("[native code]"),
        bundle: performance
          .getEntriesByType("resource")
          .filter((r) => r.name.includes("/pkg/"))
          .map((r) => [r.name, Math.round(r.duration), (r as PerformanceResourceTiming).responseStatus]),
        scripts: Array.from(document.scripts).map((s) => [s.type || "classic", s.nonce ? "nonce" : "no nonce"]),
      }),
    )
    .catch((err) => `could not be read: ${err}`);
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
