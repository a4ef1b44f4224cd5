// Accessibility: axe-core (the npm package, injected into the page) finds no serious or
// critical violation on any page or tab, and every control can be reached with the keyboard.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as h from './harness.mjs';

const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let server, b;
before(async () => { server = await h.serve(); b = await h.browser(); });
after(async () => { await b?.close(); await server?.close(); });

/** The serious and critical violations on the page as it is now, one line each. */
async function violations(p) {
  if (!(await p.evaluate(() => 'axe' in window))) await p.addScriptTag({ content: AXE });
  const found = await p.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

test('the home page has no serious accessibility violation', async () => {
  const p = await h.page(b);
  await p.goto(server.base + 'index.html#/');
  await p.waitForSelector('.card');
  assert.deepEqual(await violations(p), []);
  await p.context().close();
});

test('the village planner has no serious accessibility violation', async () => {
  const p = await h.page(b);
  await p.goto(server.base + 'index.html#/plan?people=200');
  await p.waitForFunction(() => document.body.dataset.page === 'planner');
  assert.deepEqual(await violations(p), []);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

for (const machine of ['ceb-press', 'lifetrac']) {
  test(`every tab of the ${machine} page has no serious accessibility violation`, async () => {
    const p = await h.page(b);
    await h.open(p, server.base + `index.html#/${machine}`);
    for (const tab of ['summary', 'cuts', 'stock', 'purchased', 'labour', 'sources']) {
      await p.locator(`#tab-${tab}`).click();
      await h.settle(p);
      assert.deepEqual(await violations(p), [], `tab ${tab}`);
    }
    assert.deepEqual(p.errors, []);
    await p.context().close();
  });
}

test('the keyboard reaches the controls, and focus is visible', async () => {
  const p = await h.page(b);
  await h.open(p, server.base + 'index.html#/ceb-press');
  const seen = new Set();
  for (let i = 0; i < 60; i++) {
    await p.keyboard.press('Tab');
    const f = await p.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const s = getComputedStyle(e);
      const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none';
      return { id: e.id || e.getAttribute('aria-label') || e.textContent.trim().slice(0, 30), tag: e.tagName, ring };
    });
    if (!f) continue;
    assert.ok(f.ring, `no visible focus on ${f.tag} ${f.id}`);
    seen.add(f.id);
  }
  for (const want of ['param-bore', 'tab-summary']) assert.ok([...seen].some((s) => s === want), `Tab never reached #${want}`);
  await p.context().close();
});
