// Presentation mode, the shortcuts dialog, the turntable and part labels, as a teacher at a
// projector would use them: by keyboard and by mouse.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

let server, b;
before(async () => { server = await h.serve(); b = await h.browser(); });
after(async () => { await b?.close(); await server?.close(); });

const CEB = () => server.base + 'index.html#/ceb-press';
const visible = (p, sel) => p.locator(sel).isVisible();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** WCAG contrast ratio of an element's text against the first opaque background behind it. */
function contrasts(p, selector) {
  return p.evaluate((selector) => {
    const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    return [...document.querySelectorAll(selector)].filter((e) => e.offsetParent).map((e) => {
      let bg = null;
      for (let n = e; n && !bg; n = n.parentElement) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (c.length === 3 || c[3] >= 0.9) bg = c;
      }
      const [a, z] = [lum(rgb(getComputedStyle(e).color)), lum(bg || [255, 255, 255])];
      return { text: e.innerText.trim().slice(0, 20), ratio: (Math.max(a, z) + 0.05) / (Math.min(a, z) + 0.05) };
    });
  }, selector);
}

/** The labels' boxes and their leader lines, in page pixels. */
function labels(p) {
  return p.evaluate(() => {
    const boxes = [...document.querySelectorAll('#labels .label')].map((e) => {
      const r = e.getBoundingClientRect();
      return { name: e.textContent, x: r.left, y: r.top, w: r.width, h: r.height, clipped: e.scrollWidth > e.clientWidth + 1 };
    });
    const svg = document.querySelector('#labels svg')?.getBoundingClientRect();
    const lines = [...document.querySelectorAll('#labels line')].map((l) => ({
      x1: svg.left + +l.getAttribute('x1'), y1: svg.top + +l.getAttribute('y1'), x2: svg.left + +l.getAttribute('x2'), y2: svg.top + +l.getAttribute('y2'),
    }));
    const c = document.getElementById('view').getBoundingClientRect();
    return { boxes, lines, canvas: { x: c.left, y: c.top, w: c.width, h: c.height } };
  });
}

function assertLaidOut({ boxes, lines, canvas }) {
  assert.equal(lines.length, boxes.length, 'one leader line a label');
  for (const [i, a] of boxes.entries()) {
    assert.ok(a.x >= canvas.x - 1 && a.y >= canvas.y - 1 && a.x + a.w <= canvas.x + canvas.w + 1 && a.y + a.h <= canvas.y + canvas.h + 1, `${a.name} is inside the view`);
    for (const z of boxes.slice(i + 1)) {
      const apart = a.x + a.w <= z.x || z.x + z.w <= a.x || a.y + a.h <= z.y || z.y + z.h <= a.y;
      assert.ok(apart, `"${a.name}" and "${z.name}" overlap`);
    }
    // The line starts on the label's side that faces the model, at its middle.
    const l = lines[i];
    assert.ok(Math.abs(l.y1 - (a.y + a.h / 2)) < 2 && (Math.abs(l.x1 - a.x) < 2 || Math.abs(l.x1 - (a.x + a.w)) < 2), `${a.name}'s line starts on its box`);
  }
}

test('presentation mode hides the tables, shows the view large and high-contrast, and Esc or Exit leaves it', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  assert.ok(await visible(p, 'section.report') && await visible(p, 'aside.params'));
  await p.keyboard.press('p');
  await p.waitForSelector('html[data-present]');
  await h.settle(p);
  for (const sel of ['section.report', 'aside.params', 'header.top']) assert.equal(await visible(p, sel), false, `${sel} hidden`);
  const view = await p.locator('#view').boundingBox();
  const win = p.viewportSize();
  assert.ok(view.width >= win.width - 2 && view.height >= win.height - 2, `the view fills the window (${view.width}×${view.height})`);
  // Large controls, every text at least 4.5:1.
  const size = await p.locator('#help-button').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(size >= 20, `controls' text is ${size}px`);
  const box = await p.locator('#step-next').boundingBox();
  assert.ok(box.height >= 44, `buttons are ${box.height}px high`);
  for (const c of await contrasts(p, '.present-bar button, .view-tools button, .steps button, .steps p')) {
    assert.ok(c.ratio >= 4.5, `"${c.text}" has a contrast of ${c.ratio.toFixed(2)}`);
  }
  assert.ok(h.machinePixels(await h.canvasPixels(p)) > 20000, 'the machine is drawn');
  // The arrows step through the assembly, even with the view focused.
  await p.locator('#view').focus();
  await p.keyboard.press('ArrowLeft');
  assert.match(await h.text(p, '#step-caption'), /^Step 9 of 9/);
  await p.keyboard.press('ArrowLeft');
  assert.match(await h.text(p, '#step-caption'), /^Step 8 of 9/);
  await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowRight');
  assert.match(await h.text(p, '#step-caption'), /^All parts/);
  await p.keyboard.press('Escape');
  await p.waitForSelector('html:not([data-present])');
  assert.ok(await visible(p, 'section.report') && await visible(p, 'aside.params') && await visible(p, 'header.top'));
  // By mouse: Present, then Exit.
  await p.locator('#present-button').click();
  await p.waitForSelector('html[data-present]');
  assert.equal(await visible(p, 'section.report'), false);
  await p.locator('#present-exit').click();
  await p.waitForSelector('html:not([data-present])');
  assert.ok(await visible(p, 'section.report'));
  // Typing in a field is not a shortcut.
  await p.locator('#param-bore-value').focus();
  await p.keyboard.press('p');
  assert.equal(await p.locator('html[data-present]').count(), 0);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('a link prepared for a class opens in presentation mode with labels at its step, and leaving it changes the link', async () => {
  const p = await h.page(b);
  await h.open(p, CEB() + '?step=3&view=present&view=labels');
  await p.waitForSelector('html[data-present]');
  assert.equal(await visible(p, 'section.report'), false, 'the tables are hidden');
  assert.match(await h.text(p, '#step-caption'), /^Step 3 of 9/);
  await p.waitForFunction(() => document.querySelectorAll('#labels .label').length > 0);
  assert.ok(h.machinePixels(await h.canvasPixels(p)) > 20000, 'the machine is drawn');
  await p.keyboard.press('Escape');
  await p.waitForSelector('html:not([data-present])');
  assert.match(await p.evaluate(() => location.hash), /^#\/ceb-press\?view=labels&step=3$/);
  await p.keyboard.press('t');
  await p.waitForFunction(() => location.hash === '#/ceb-press?view=labels&view=turntable&step=3');
  // Someone else opening that link sees the same; a word the link does not know is explained.
  const friend = await h.page(b);
  await h.open(friend, CEB() + '?view=turntable&view=fireworks');
  const a = await h.canvasPixels(friend);
  await sleep(1500);
  assert.ok(h.difference(a, await h.canvasPixels(friend)) > 0.01, 'the machine turns');
  assert.match(await friend.evaluate(() => location.hash), /^#\/ceb-press\?view=turntable$/);
  assert.match(await h.text(friend, '#notices'), /view=fireworks.*not one of exploded, present, labels, turntable/);
  assert.deepEqual(p.errors, []);
  assert.deepEqual(friend.errors, []);
  await p.context().close();
  await friend.context().close();
});

test('the shortcuts dialog opens with ? or its button, lists every shortcut, keeps focus and gives it back on Esc', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  await p.locator('#help-button').focus();
  await p.keyboard.press('Enter');
  await p.waitForSelector('#help[role=dialog][aria-modal=true]');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'help-close', 'focus moves into the dialog');
  const list = await h.text(p, '#help');
  for (const k of ['P', 'T', 'L', '?', 'Esc', '← →', '+ −', 'F / Home', 'Tab']) assert.ok(list.includes(k), `lists ${k}`);
  await p.keyboard.press('Tab');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'help-close', 'Tab stays in the dialog');
  await p.keyboard.press('Escape');
  await p.waitForSelector('#help', { state: 'detached' });
  assert.equal(await p.evaluate(() => document.activeElement.id), 'help-button', 'focus returns to the button');
  // With ? from the 3D view, in presentation mode: Esc closes the dialog only.
  await p.keyboard.press('p');
  await p.locator('#view').focus();
  await p.keyboard.press('?');
  await p.waitForSelector('#help');
  assert.equal(await p.evaluate(() => document.activeElement.id), 'help-close');
  await p.keyboard.press('Escape');
  await p.waitForSelector('#help', { state: 'detached' });
  assert.equal(await p.evaluate(() => document.activeElement.id), 'view');
  assert.equal(await p.locator('html[data-present]').count(), 1, 'still presenting');
  // The backdrop closes it too.
  await p.keyboard.press('?');
  await p.locator('.help-backdrop').click({ position: { x: 5, y: 5 } });
  await p.waitForSelector('#help', { state: 'detached' });
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('the turntable turns the machine until a drag stops it', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  await p.keyboard.press('p');
  await p.keyboard.press('t');
  assert.equal(await p.locator('#spin-button').getAttribute('aria-pressed'), 'true');
  await sleep(300);
  const a = await h.canvasPixels(p);
  await sleep(1500);
  const z = await h.canvasPixels(p);
  const moved = h.difference(a, z);
  assert.ok(moved > 0.01, `the picture barely changed while turning (${(moved * 100).toFixed(2)}%)`);
  const v = await p.locator('#view').boundingBox();
  await p.mouse.move(v.x + v.width / 2, v.y + v.height / 2);
  await p.mouse.down();
  await p.mouse.move(v.x + v.width / 2 + 30, v.y + v.height / 2, { steps: 3 });
  await p.mouse.up();
  await p.waitForFunction(() => document.getElementById('spin-button').getAttribute('aria-pressed') === 'false');
  await h.settle(p);
  const s1 = await h.canvasPixels(p);
  await sleep(700);
  assert.ok(h.difference(s1, await h.canvasPixels(p)) < 0.001, 'stopped');
  // The button turns it on again.
  await p.locator('#spin-button').click();
  assert.equal(await p.locator('#spin-button').getAttribute('aria-pressed'), 'true');
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('labels name the parts with leader lines, never overlap, follow the view and the step', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  await p.keyboard.press('l');
  await p.waitForSelector('#labels .label');
  assert.equal(await p.locator('#labels-button').getAttribute('aria-pressed'), 'true');
  const first = await labels(p);
  assert.ok(first.boxes.length >= 4 && first.boxes.length <= 12, `${first.boxes.length} labels`);
  assertLaidOut(first);
  // Orbit: the leader lines follow the parts.
  const v = await p.locator('#view').boundingBox();
  await p.mouse.move(v.x + v.width / 2, v.y + v.height / 2);
  await p.mouse.down();
  await p.mouse.move(v.x + v.width / 2 + 160, v.y + v.height / 2 + 20, { steps: 6 });
  await p.mouse.up();
  await h.settle(p);
  const turned = await labels(p);
  assertLaidOut(turned);
  const ends = (l) => l.lines.map((x) => `${Math.round(x.x2)},${Math.round(x.y2)}`).join(' ');
  assert.notEqual(ends(turned), ends(first), 'the labels moved with the view');
  // The first assembly step shows fewer parts: fewer or other labels, none for hidden parts.
  await p.locator('#step-range').fill('1');
  await h.settle(p);
  const step = await labels(p);
  assertLaidOut(step);
  const names = (l) => l.boxes.map((x) => x.name).sort().join('|');
  assert.notEqual(names(step), names(turned));
  // Larger in presentation mode, still apart.
  await p.keyboard.press('p');
  await h.settle(p);
  await h.settle(p);
  const big = await labels(p);
  assert.ok(big.boxes.length >= 1 && big.boxes[0].h >= 40, 'large labels');
  assertLaidOut(big);
  for (const c of await contrasts(p, '#labels .label')) assert.ok(c.ratio >= 4.5, `label "${c.text}" contrast ${c.ratio}`);
  // Off again.
  await p.locator('#labels-button').click();
  await p.waitForSelector('#labels', { state: 'detached' });
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('labels on a phone fit the narrow view', async () => {
  const p = await h.page(b, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await h.open(p, CEB());
  await p.locator('#labels-button').tap();
  await p.waitForSelector('#labels .label');
  assertLaidOut(await labels(p));
  await p.locator('#present-button').tap();
  await p.waitForSelector('html[data-present]');
  await h.settle(p);
  await h.settle(p);
  const big = await labels(p);
  assert.ok(big.boxes.length >= 2, `${big.boxes.length} labels`);
  assertLaidOut(big);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});
