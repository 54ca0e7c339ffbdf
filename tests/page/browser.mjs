// Shared set-up of the page tests: Debian's Chromium (installed here when missing), driven by
// playwright-core, against the page served by scripts/serve-page.mjs on a free loopback port.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { startPageServer } from "../../scripts/serve-page.mjs";

/** Where Debian's chromium package puts its binary. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * The flags this machine needs: as root there is no sandbox, no GPU, and Chromium's own
 * background connections (which a closed network refuses) are switched off. Playwright gives
 * every launch a fresh temporary profile (its own --user-data-dir).
 */
export const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Installs Debian's chromium when it is missing (apt-get; sudo when not root). */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  console.log("page tests: installing chromium with apt-get (it is missing)");
  const sudo = process.getuid?.() === 0 ? [] : ["sudo", "-n"];
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["apt-get", "update"],
    ["apt-get", "install", "-y", "chromium"],
  ]) {
    const [command, ...rest] = [...sudo, ...args];
    const { status } = spawnSync(command, rest, { stdio: "inherit", env });
    if (status !== 0) throw new Error(`${args.join(" ")} failed (exit status ${status})`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`chromium was installed but ${CHROMIUM} is missing`);
}

/** Checks that the WebAssembly build the page loads exists. */
export function ensureBuilt() {
  const wasm = new URL("../../pkg/commission_engine_bg.wasm", import.meta.url);
  if (!existsSync(wasm)) throw new Error("pkg/ is missing: run `npm run build` first (npm test does)");
}

/**
 * Starts the server and the browser.
 * @returns {Promise<{ url: string, browser: import("playwright-core").Browser, close: () => Promise<void> }>}
 */
export async function startSession() {
  ensureBuilt();
  ensureChromium();
  const { server, url } = await startPageServer({ port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Opens the page in a new tab and waits until the engine has loaded and the first preset is
 * calculated. Page errors and console errors are collected in `page.problems`; `beforeLoad`
 * gets the page before it navigates (to listen to its requests from the start).
 */
export async function openPage(session, viewport = { width: 1280, height: 900 }, beforeLoad = () => {}) {
  const context = await session.browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  beforeLoad(page);
  page.problems = [];
  page.on("pageerror", (error) => page.problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") page.problems.push(`console: ${message.text()}`);
  });
  await page.goto(session.url, { waitUntil: "load" });
  await page.waitForSelector("body[data-ready='true']", { timeout: 20000 });
  return page;
}

/** The number of calculations the page has done so far (it counts them on <body>). */
export async function calculations(page) {
  return Number(await page.getAttribute("body", "data-calculations"));
}

/** Runs `action` and waits until the page has recalculated at least once more. */
export async function recalculated(page, action) {
  const before = await calculations(page);
  await action();
  await page.waitForFunction((n) => Number(document.body.dataset.calculations) > n, before, {
    timeout: 10000,
  });
}

/**
 * Replaces the text of an editor ("plan", "sales" or "options") the way a user does: select
 * all with the keyboard, then paste (a real `paste` event with the text on its clipboard data,
 * which CodeMirror handles as one change).
 */
export async function paste(page, editor, text) {
  const content = page.locator(`#${editor}-code .cm-content`);
  await content.focus();
  await page.keyboard.press("Control+A");
  await content.evaluate((el, value) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData("text/plain", value);
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
  }, text);
}
