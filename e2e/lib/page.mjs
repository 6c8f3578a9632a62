// Waiting helpers for Playwright pages of the server, shared by the real-browser
// suites: each fails with what the browser shows instead, which is what one
// needs to read when a page refuses (e.g. a 403 "Request refused").
import assert from 'node:assert/strict';

export function pageWaits(getPage, serverUrl) {
  const shown = async (page) => page.locator('h1').first().textContent().catch(() => '');
  return {
    // The browser is on a page of the server whose path (+ query) matches `path`.
    async reached(path) {
      const page = getPage();
      try {
        await page.waitForURL((u) => u.href.startsWith(serverUrl()) && path.test(u.pathname + u.search), { timeout: 10_000 });
      } catch {
        assert.fail(`expected ${path} but the browser shows "${await shown(page)}" at ${page.url()}`);
      }
    },
    // The page's heading is `text`.
    async heading(text) {
      const page = getPage();
      try {
        await page.locator('h1', { hasText: text }).waitFor({ timeout: 10_000 });
      } catch {
        assert.fail(`expected the page "${text}" but the browser shows "${await shown(page)}" at ${page.url()}`);
      }
    },
  };
}
