// Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi (Firefox speaks no CDP):
// headless, with a fresh profile that saves downloads into the test's folder without asking.
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';

const firefoxPath = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export function launchFirefox(downloads: string): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath,
    headless: true,
    // Without a session bus, Firefox waits for D-Bus at start (seconds on a busy machine).
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'disabled:' },
    extraPrefsFirefox: {
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.helperApps.neverAsk.saveToDisk': 'text/plain',
    },
  });
}

/** The element with this accessible role and name, as a person finds it (puppeteer's ARIA query, through BiDi). */
export async function byRole(page: Page, role: string, name: string, timeout = 10_000): Promise<ElementHandle<Element>> {
  const found = await page.waitForSelector(`::-p-aria([name=${JSON.stringify(name)}][role=${JSON.stringify(role)}])`, { timeout });
  if (!found) throw new Error(`No ${role} named "${name}"`);
  return found;
}

/** Whether such an element is on the page now. */
export async function hasRole(page: Page, role: string, name: string): Promise<boolean> {
  return (await page.$(`::-p-aria([name=${JSON.stringify(name)}][role=${JSON.stringify(role)}])`)) !== null;
}
