// The embeddable viewer (`cargo xtask embed` → dist-embed/) in headless Chromium: the example
// page served under a sub-path and from file://, the element's attributes, bad input, the JS
// API. Reuses tests/e2e's harness and node_modules.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { createRequire } from 'node:module';

process.env.GVCS_DIST ??= new URL('../../dist-embed', import.meta.url).pathname;
const h = await import('../e2e/harness.mjs');
const { PNG } = createRequire(new URL('../e2e/harness.mjs', import.meta.url))('pngjs');

let server, b;
before(async () => { server = await h.serve(); b = await h.browser(); });
after(async () => { await b?.close(); await server?.close(); });

/** Serves `body` as a page beside the package (so its relative imports resolve) and opens it. */
async function fixture(p, name, body) {
  const url = server.base + name;
  await p.route(url, (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><meta charset="utf-8">${body}` }));
  await p.goto(url);
}

/** Waits until every <gvcs-viewer> (or `selector`) has drawn, then for pending frames. */
async function drawn(p, selector = 'gvcs-viewer') {
  await p.waitForFunction((s) => {
    const all = [...document.querySelectorAll(s)];
    return all.length > 0 && all.every((e) => e.dataset.rendered === '1');
  }, selector, { timeout: 30000 });
  await h.settle(p);
}

async function pixels(p, selector) {
  return PNG.sync.read(await p.locator(selector).screenshot());
}

/** What the canvas itself holds, without anything drawn over it. */
async function canvasOnly(p, selector) {
  const url = await p.locator(selector).evaluate((c) => c.toDataURL('image/png'));
  return PNG.sync.read(Buffer.from(url.split(',')[1], 'base64'));
}

function share(png) {
  return h.machinePixels(png) / (png.width * png.height);
}

/** The element's message line (inside its shadow root), or '' when hidden. */
async function message(p, selector) {
  return p.locator(selector).evaluate((e) => {
    const m = e.shadowRoot?.querySelector('.msg');
    return m && !m.hidden ? m.textContent : '';
  });
}

async function examplePage(p, url) {
  await p.goto(url);
  await drawn(p);
  for (const id of ['#press', '#cube']) {
    const s = share(await pixels(p, `${id} canvas`));
    assert.ok(s > 0.03, `${id}: only ${(s * 100).toFixed(1)}% of the canvas shows the machine`);
    assert.equal(await message(p, id), '');
  }
  const sliders = await p.locator('#cube input[type=range]').count();
  assert.ok(sliders >= 4, `the Power Cube has ${sliders} sliders`);
  assert.equal(await p.locator('#press input[type=range]').count(), 0);
}

test('the example page shows two machines side by side from a web server, with nothing from elsewhere', async () => {
  const p = await h.page(b);
  await examplePage(p, server.base + 'embed.html');
  assert.deepEqual(p.errors, []);
  assert.deepEqual(h.foreign(p.requests, server.origin), []);
  await p.context().close();
});

test('the example page has no serious accessibility violation (axe-core), inside the elements too', async () => {
  const { readFile } = await import('node:fs/promises');
  const axe = await readFile(createRequire(new URL('../e2e/harness.mjs', import.meta.url)).resolve('axe-core/axe.min.js'), 'utf8');
  const p = await h.page(b);
  await examplePage(p, server.base + 'embed.html');
  await p.addScriptTag({ content: axe });
  const found = await p.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`));
  assert.deepEqual(found, []);
  await p.context().close();
});

test('the example page works opened from the file system', async () => {
  const p = await h.page(b);
  const url = pathToFileURL(join(h.DIST, 'embed.html')).href;
  await examplePage(p, url);
  assert.deepEqual(p.errors, []);
  assert.deepEqual(p.requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:')), []);
  await p.context().close();
});

const MODULE = '<script type="module" src="gvcs-viewer.js"></script>';

test('changing attributes, a slider or setParams re-renders; a click sends part-picked', async () => {
  const p = await h.page(b);
  await fixture(p, 'attributes.html', `${MODULE}
    <gvcs-viewer id="v" machine="ceb-press" style="width:640px;height:420px"></gvcs-viewer>
    <script>document.addEventListener('part-picked', (e) => { window.picked = { ...e.detail, on: e.target.id }; });</script>`);
  await drawn(p);
  const first = await pixels(p, '#v canvas');
  assert.ok(share(first) > 0.03);
  await p.locator('#v').evaluate((e) => e.setAttribute('params', 'stroke=24&view=exploded'));
  await h.settle(p);
  const longer = await pixels(p, '#v canvas');
  assert.ok(h.difference(first, longer) > 0.002, 'a new params attribute changes the picture');
  await p.locator('#v').evaluate((e) => { e.removeAttribute('params'); e.setAttribute('machine', 'power-cube'); });
  await h.settle(p);
  const cube = await pixels(p, '#v canvas');
  assert.ok(h.difference(longer, cube) > 0.02, 'a new machine attribute changes the picture');
  assert.equal(await message(p, '#v'), '');
  // Sliders appear with controls="sliders" and move the machine.
  await p.locator('#v').evaluate((e) => e.setAttribute('controls', 'sliders'));
  await h.settle(p);
  const slider = p.locator('#v input[data-param=frame_length]');
  const before = await pixels(p, '#v canvas');
  await slider.fill(await slider.getAttribute('max'));
  await h.settle(p);
  assert.ok(h.difference(before, await pixels(p, '#v canvas')) > 0.002, 'the slider changes the picture');
  // setParams: an object or a query; it answers with what it could not use.
  assert.deepEqual(await p.locator('#v').evaluate((e) => e.setParams({ frame_length: 30 })), []);
  assert.equal(await p.locator('#v').getAttribute('params'), 'frame_length=30');
  const issues = await p.locator('#v').evaluate((e) => e.setParams('frame_length=banana'));
  assert.equal(issues.length, 1);
  assert.match(await message(p, '#v'), /banana/);
  // A click on a part tells the page which one, through the element.
  await p.locator('#v').evaluate((e) => e.setAttribute('controls', 'orbit'));
  await h.settle(p);
  const png = await pixels(p, '#v canvas');
  const at = h.machinePixelNearCentre(png);
  await p.locator('#v canvas').click({ position: at });
  await p.waitForFunction(() => window.picked);
  const picked = await p.evaluate(() => window.picked);
  assert.equal(picked.on, 'v');
  assert.equal(picked.machine, 'power-cube');
  assert.ok(picked.name && picked.path, JSON.stringify(picked));
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('a bad machine or parameter shows a message in the element and never breaks the page', async () => {
  const p = await h.page(b);
  await fixture(p, 'bad.html', `${MODULE}
    <gvcs-viewer id="nope" machine="ceb-pres"></gvcs-viewer>
    <gvcs-viewer id="banana" machine="ceb-press" params="bore=banana&stroke=99&%%%" controls="joystick" units="furlongs" step="12"></gvcs-viewer>
    <gvcs-viewer id="planned" machine="truck"></gvcs-viewer>
    <gvcs-viewer id="none"></gvcs-viewer>
    <gvcs-viewer id="good" machine="power-cube"></gvcs-viewer>
    <p id="host">the page's own script ran</p>
    <script type="module">document.getElementById('host').dataset.ok = '1';</script>`);
  await drawn(p);
  assert.match(await message(p, '#nope'), /no machine “ceb-pres” \(did you mean `ceb-press`\?\)/);
  const banana = await message(p, '#banana');
  for (const word of ['banana', 'outside its range', 'joystick', 'furlongs', 'not a step of the CEB Press']) assert.match(banana, new RegExp(word));
  assert.ok(share(await pixels(p, '#banana canvas')) > 0.03, 'bad values keep their defaults and the machine shows');
  assert.match(await message(p, '#planned'), /no definition yet/);
  assert.match(await message(p, '#none'), /Name a machine/);
  assert.ok(share(await canvasOnly(p, '#nope canvas')) < 0.001, 'an unknown machine draws nothing');
  // The other element and the page go on, also after a working element is given a bad name.
  assert.ok(share(await pixels(p, '#good canvas')) > 0.03);
  assert.equal(await p.locator('#host').getAttribute('data-ok'), '1');
  await p.locator('#good').evaluate((e) => e.setAttribute('machine', '<script>alert(1)</script>'));
  await h.settle(p);
  assert.match(await message(p, '#good'), /no machine “<script>/);
  await p.locator('#good').evaluate((e) => e.setAttribute('machine', 'sawmill'));
  await drawn(p);
  assert.equal(await message(p, '#good'), '');
  assert.ok(share(await pixels(p, '#good canvas')) > 0.03);
  // Removed and added again, an element starts over.
  await p.evaluate(() => { const e = document.getElementById('banana'); e.remove(); document.body.append(e); });
  await h.settle(p);
  await drawn(p);
  assert.match(await message(p, '#banana'), /banana/);
  assert.deepEqual(p.errors, []);
  assert.deepEqual(h.foreign(p.requests, server.origin), []);
  await p.context().close();
});

/** The element's step caption (inside its shadow root), or '' when hidden. */
async function caption(p, selector) {
  return p.locator(selector).evaluate((e) => {
    const c = e.shadowRoot?.querySelector('.cap');
    return c && !c.hidden ? c.textContent : '';
  });
}

test('the step attribute shows the machine up to that step, with its caption', async () => {
  const p = await h.page(b);
  await fixture(p, 'steps.html', `${MODULE}
    <gvcs-viewer id="s" machine="ceb-press" step="1" style="width:640px;height:420px"></gvcs-viewer>
    <gvcs-viewer id="all" machine="ceb-press" style="width:640px;height:420px"></gvcs-viewer>`);
  await drawn(p);
  assert.match(await caption(p, '#s'), /^Step 1 of 9: Bolt the frame together/);
  assert.equal(await caption(p, '#all'), '');
  assert.equal(await message(p, '#s'), '');
  const first = await canvasOnly(p, '#s canvas');
  const whole = await canvasOnly(p, '#all canvas');
  assert.ok(h.machinePixels(first) < 0.8 * h.machinePixels(whole), 'step 1 shows less than the whole machine');
  assert.ok(h.newPartPixels(first) > 500, 'the step\'s parts are drawn as new');
  assert.equal(h.newPartPixels(whole), 0);
  await p.locator('#s').evaluate((e) => e.setAttribute('step', '8'));
  await h.settle(p);
  assert.match(await caption(p, '#s'), /^Step 8 of 9: Lay the soil grate/);
  assert.ok(h.difference(first, await canvasOnly(p, '#s canvas')) > 0.01, 'a new step changes the picture');
  // From the params as in a share link; the attribute wins.
  await p.locator('#s').evaluate((e) => { e.removeAttribute('step'); e.setAttribute('params', 'step=2'); });
  await h.settle(p);
  assert.match(await caption(p, '#s'), /^Step 2 of 9/);
  // A bad step: a message in the element, all parts shown, the page unharmed.
  await p.locator('#s').evaluate((e) => { e.setAttribute('step', 'banana'); });
  await h.settle(p);
  assert.match(await message(p, '#s'), /Step “banana” is not a step of the CEB Press \(1 to 9\); showing all parts/);
  assert.equal(await caption(p, '#s'), '');
  await p.locator('#s').evaluate((e) => { e.setAttribute('machine', 'lifetrac'); e.setAttribute('step', '2'); });
  await h.settle(p);
  assert.match(await message(p, '#s'), /has no assembly steps/);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('render(canvas, options) draws on the page’s own canvas and sends part-picked', async () => {
  const p = await h.page(b);
  await fixture(p, 'render.html', `
    <canvas id="c" style="width:600px;height:400px;display:block"></canvas>
    <script type="module">
      import { render } from './gvcs-viewer.js';
      const c = document.getElementById('c');
      c.addEventListener('part-picked', (e) => { window.picked = e.detail; });
      window.view = await render(c, { machine: 'ceb-press', params: { bore: 5.5 } });
      window.notices = window.view.messages;
      window.bad = await render(document.createElement('canvas'), { machine: 'nope' }).then(() => 'resolved', (e) => String(e.message));
    </script>`);
  await drawn(p, '#c');
  await p.waitForFunction(() => window.bad);
  assert.deepEqual(await p.evaluate(() => window.notices), []);
  assert.match(await p.evaluate(() => window.bad), /no machine “nope”/);
  const png = await pixels(p, '#c');
  assert.ok(share(png) > 0.03);
  assert.deepEqual(await p.evaluate(() => window.view.setParams('stroke=24')), []);
  assert.match((await p.evaluate(() => window.view.setParams('bore=banana'))).join(' '), /banana/);
  await h.settle(p);
  const at = h.machinePixelNearCentre(await pixels(p, '#c'));
  await p.locator('#c').click({ position: at });
  await p.waitForFunction(() => window.picked);
  const picked = await p.evaluate(() => window.picked);
  assert.equal(picked.machine, 'ceb-press');
  assert.ok(picked.name && picked.path, JSON.stringify(picked));
  assert.deepEqual(p.errors, []);
  await p.context().close();
});
