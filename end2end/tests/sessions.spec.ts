import { test, expect, type Browser, type Page } from "@playwright/test";
import { hydrated, signIn, TRAINER } from "./helpers";

const INSTRUCTOR = "e2e-instructor@city.test";

/** Date and time in the academy's zone (America/New_York), `minutes` from now. */
function newYork(minutes: number): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "America/New_York",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(Date.now() + minutes * 60_000));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
}

async function person(browser: Browser, login: string, js: boolean): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: js });
  const page = await context.newPage();
  await signIn(page, login, undefined, js);
  await expect(page.getByRole("heading", { name: /^Welcome/ })).toBeVisible();
  return page;
}

async function journey(browser: Browser, attendeeLogin: string, title: string, js: boolean) {
  const trainer = await person(browser, TRAINER, js);
  const instructor = await person(browser, INSTRUCTOR, js);
  const attendee = await person(browser, attendeeLogin, js);

  // The trainer schedules a session starting in 20 minutes (check-in opens 30 minutes ahead).
  const start = newYork(20);
  let end = newYork(80);
  if (end.date !== start.date) end = { date: start.date, time: "23:59" };
  await trainer.goto("/trainer/sessions/new");
  if (js) await hydrated(trainer);
  await trainer.getByLabel("Course").selectOption("front-line-talent");
  await trainer.getByLabel("Title").fill(title);
  await trainer.getByLabel("Date").fill(start.date);
  await trainer.getByLabel("Starts").fill(start.time);
  await trainer.getByLabel("Ends").fill(end.time);
  await trainer.getByLabel("Place").fill("City Hall, Room 4");
  await trainer.getByLabel("Capacity").fill("12");
  await trainer.getByLabel("In-house instructors").fill("E2E-INS");
  await trainer.getByLabel("Guest instructors").fill("Maria Lopez, Grand Hotel");
  await trainer.getByRole("button", { name: "Schedule" }).click();
  await expect(trainer.locator(".notices")).toContainText(`${title} is scheduled.`);
  await expect(trainer.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const sessionPath = new URL(trainer.url()).pathname;

  // The attendee finds it and registers.
  await attendee.goto("/sessions");
  await attendee.getByRole("link", { name: title }).click();
  if (js) await hydrated(attendee);
  await expect(attendee.getByText("12 of 12 seats left")).toBeVisible();
  await attendee.getByRole("button", { name: "Register" }).click();
  await expect(attendee.locator(".notices")).toContainText(`You are booked for ${title}`);
  await expect(attendee.getByRole("link", { name: "Download calendar file (.ics)" })).toBeVisible();

  // The instructor shows the check-in code; the attendee types it in.
  await instructor.goto(`${sessionPath}/roster`);
  const code = (await instructor.getByTestId("check-in-code").textContent())!.trim();
  expect(code).toMatch(/^[2-9A-Z]{6}$/);
  await attendee.goto(sessionPath);
  if (js) await hydrated(attendee);
  await attendee.getByLabel("Check-in code shown by your instructor").fill(code.toLowerCase());
  await attendee.getByRole("button", { name: "Check in" }).click();
  await expect(attendee.locator(".notices")).toContainText("You are checked in");

  // The instructor saves the attendance, which opens the feedback form.
  await instructor.reload();
  if (js) await hydrated(instructor);
  await instructor.getByRole("button", { name: "Save attendance" }).click();
  await expect(instructor.locator(".notices")).toContainText("Attendance saved");

  // The form appears on the attendee's dashboard; they answer it.
  await attendee.goto("/");
  await expect(attendee.getByRole("heading", { name: "Feedback to give" })).toBeVisible();
  const due = attendee.locator(".feedback-due li", { hasText: title });
  await due.getByRole("link", { name: "Give feedback" }).click();
  if (js) await hydrated(attendee);
  await expect(attendee.getByText("Your answers are anonymous.")).toBeVisible();
  for (const key of ["knowledge", "clarity", "engagement", "relevance", "apply", "overall"]) {
    await attendee.locator(`label[for="${key}-5"]`).click();
  }
  await attendee.locator('label[for="recommend-9"]').click();
  const comment = `The role play was <b>useful</b> (${title})`;
  await attendee.getByLabel(/What worked well/).fill(comment);
  await attendee.getByRole("button", { name: "Send feedback" }).click();
  await expect(attendee.locator(".notices")).toContainText("your feedback is in");

  // The trainer sees that it arrived, but not what it says: one answer is never shown, to
  // anyone (tests/anonymity_http.rs covers the results once the form closes).
  await trainer.goto(`${sessionPath}/results`);
  await expect(trainer.getByTestId("response-rate")).toContainText("1 responses from 1 attendees — response rate 100 %.");
  await expect(trainer.getByText("Results appear once at least 3 people have answered (1 so far)")).toBeVisible();
  await expect(trainer.getByText(comment)).toHaveCount(0);
  for (const p of [trainer, instructor, attendee]) await p.context().close();
}

test("schedule → register → check in with the code → feedback appears → submit → trainer sees it arrived", async ({ browser }) => {
  await journey(browser, "e2e-attendee@city.test", "Coaching practice (JS)", true);
});

test("the same session journey works with JavaScript off", async ({ browser }) => {
  await journey(browser, "e2e-attendee-nojs@city.test", "Coaching practice (no JS)", false);
});
