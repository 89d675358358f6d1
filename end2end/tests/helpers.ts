import { expect, type Page } from "@playwright/test";

export const PASSWORD = process.env.E2E_PASSWORD ?? "end-to-end passphrase";
export const ADMIN = "e2e-admin@city.test";
export const EMPLOYEE = "e2e-employee@city.test";
export const TRAINER = "e2e-trainer@city.test";

/** Waits until the WASM bundle has hydrated the page (the app marks <body>). */
export async function hydrated(page: Page) {
  await expect(page.locator("body[data-hydrated=true]")).toHaveCount(1);
}

export async function signIn(page: Page, login: string, password = PASSWORD, js = true) {
  await page.goto("/sign-in");
  if (js) await hydrated(page);
  await page.locator("#login").fill(login);
  await page.locator("#password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
