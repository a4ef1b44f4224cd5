// The built app in headless Chromium: what a person sees and can do.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as h from './harness.mjs';

let server, b;
before(async () => { server = await h.serve(); b = await h.browser(); });
after(async () => { await b?.close(); await server?.close(); });

const CEB = () => server.base + 'index.html#/ceb-press';

test('the 3D view shows the machine and the summary its numbers, with no errors and no outside requests', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  const png = await h.canvasPixels(p);
  const share = h.machinePixels(png) / (png.width * png.height);
  assert.ok(share > 0.05, `only ${(share * 100).toFixed(1)}% of the canvas shows the machine`);
  assert.match(await h.text(p, '#fig-mass'), /Machine mass\s+\d[\d,.]* kg/);
  assert.match(await h.text(p, '#fig-cost'), /\$\d/);
  assert.match(await h.text(p, '#fig-hours'), /\d h/);
  assert.match(await h.text(p, 'header h1'), /CEB Press/);
  // The stylesheet applies (the build minifies it after trunk; an integrity hash left stale
  // or a broken rule would leave the page unstyled).
  assert.equal(await p.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()), '#2f6690');
  assert.equal(await p.evaluate(() => getComputedStyle(document.querySelector('header.top')).display), 'flex');
  assert.deepEqual(p.errors, []);
  assert.deepEqual(h.foreign(p.requests, server.origin), []);
  await p.context().close();
});

test('moving a slider changes the numbers, the picture and the link', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  await p.locator('#tab-summary').click();
  const before = { height: await h.text(p, '#derived'), cost: await h.text(p, '#fig-cost'), pic: await h.canvasPixels(p) };
  await p.locator('#param-stroke').fill('24'); // in, the definition's own unit: the frame grows to fit the longer cylinder
  await h.settle(p);
  const after = { height: await h.text(p, '#derived'), cost: await h.text(p, '#fig-cost'), pic: await h.canvasPixels(p) };
  assert.notEqual(after.height, before.height, 'derived dimensions should change');
  assert.notEqual(after.cost, before.cost, 'cost should change');
  assert.match(after.height, /Frame height\s+1,?4\d\d mm/);
  const diff = h.difference(before.pic, after.pic);
  assert.ok(diff > 0.002, `the picture barely changed (${(diff * 100).toFixed(2)}%)`);
  assert.match(await p.evaluate(() => location.hash), /stroke=24(&|$)/);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('a shared link shows the same machine to someone else', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  await p.locator('#param-bore').fill('5.5');
  await p.locator('button', { hasText: 'Imperial' }).click();
  await p.locator('#tab-cuts').click();
  await h.settle(p);
  const link = await p.evaluate(() => location.href);
  const shown = { cuts: await h.text(p, '#cut-list') };
  const friend = await h.page(b);
  await h.open(friend, link);
  assert.equal(await h.text(friend, '#cut-list'), shown.cuts);
  assert.equal(await friend.locator('#param-bore').inputValue(), '5.5');
  assert.equal(await friend.locator('#param-bore-value').inputValue(), '5.5');
  await friend.locator('#tab-summary').click();
  await p.locator('#tab-summary').click();
  assert.equal(await h.text(friend, '#fig-cost'), await h.text(p, '#fig-cost'));
  assert.match(await h.text(friend, '#fig-mass'), / lb/);
  await p.context().close();
  await friend.context().close();
});

test('a broken link says what is wrong and shows a working machine', async () => {
  const p = await h.page(b);
  await h.open(p, server.base + 'index.html#/ceb-press?bore=banana&stroke=99&units=furlongs');
  const notice = await h.text(p, '#notices');
  assert.match(notice, /banana/);
  assert.match(notice, /outside its range/);
  assert.match(notice, /furlongs/);
  assert.equal(await p.locator('#param-bore-value').inputValue(), '127');
  assert.ok(h.machinePixels(await h.canvasPixels(p)) > 10000);
  assert.deepEqual(p.errors, []);
  await p.context().close();
  const q = await h.page(b);
  await h.open(q, server.base + 'index.html#/no-such-machine');
  assert.match(await h.text(q, '#notices'), /no machine “no-such-machine”/);
  assert.match(await h.text(q, 'header h1'), /CEB Press/);
  // Editing the link in the address bar is read too.
  await q.evaluate(() => { location.hash = '#/ceb-press?crew=zero'; });
  await q.waitForFunction(() => document.getElementById('notices')?.innerText.includes('zero'));
  assert.deepEqual(q.errors, []);
  await q.context().close();
});

test('impossible values keep the last good machine and say why', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  const cost = await h.text(p, '#fig-cost');
  // A 6 in block needs 12 in of loose soil; the shortest stroke cannot press it.
  await p.locator('#param-block_thickness').fill('6');
  await p.locator('#param-stroke').fill('10');
  await h.settle(p);
  assert.match(await h.text(p, '#error'), /stroke must be longer than the loose soil depth/);
  assert.notEqual(await h.text(p, '#fig-cost'), '');
  assert.ok(h.machinePixels(await h.canvasPixels(p)) > 10000, 'the last good machine stays in view');
  await p.locator('#error button').click();
  await h.settle(p);
  assert.equal(await p.locator('#error').count(), 0);
  await p.context().close();
});

test('clicking a part shows what it is', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  const png = await h.canvasPixels(p);
  const at = h.machinePixelNearCentre(png);
  assert.ok(at, 'no machine pixel to click');
  await p.locator('#view').click({ position: at });
  await p.waitForSelector('#part-info');
  const info = await h.text(p, '#part-info');
  assert.match(info, /Made from/);
  assert.match(info, /Mass each/);
  assert.match(await p.evaluate(() => location.hash), /part=/);
  await p.context().close();
});

test('dragging turns the view and the wheel zooms', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  const box = await p.locator('#view').boundingBox();
  const start = await h.canvasPixels(p);
  await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await p.mouse.down();
  await p.mouse.move(box.x + box.width / 2 + 150, box.y + box.height / 2 + 40, { steps: 8 });
  await p.mouse.up();
  await h.settle(p);
  const turned = await h.canvasPixels(p);
  assert.ok(h.difference(start, turned) > 0.01, 'dragging should turn the machine');
  await p.mouse.wheel(0, -600);
  await h.settle(p);
  const zoomed = await h.canvasPixels(p);
  assert.ok(h.machinePixels(zoomed) > h.machinePixels(turned), 'zooming in should make the machine bigger');
  assert.equal(await p.locator('#part-info').count(), 0, 'a drag is not a click');
  await p.context().close();
});

test('on a phone the view fills the width at full pixel density and still draws', async () => {
  const p = await h.page(b, { viewport: { width: 390, height: 800 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true });
  await h.open(p, CEB());
  const size = await p.evaluate(() => { const c = document.getElementById('view'); return [c.width, c.height, c.clientWidth, c.clientHeight]; });
  assert.ok(Math.abs(size[0] - 2 * size[2]) <= 2 && Math.abs(size[1] - 2 * size[3]) <= 2, `canvas ${size} is not at device pixels`);
  assert.ok(size[2] > 300);
  assert.equal(await p.evaluate(() => getComputedStyle(document.getElementById('view')).touchAction), 'none');
  assert.ok(h.machinePixels(await h.canvasPixels(p)) > 5000);
  await p.context().close();
});

test('units switch and the CSV download', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  await p.locator('button', { hasText: 'Imperial' }).click();
  await h.settle(p);
  assert.match(await h.text(p, '#fig-mass'), /\d lb/);
  assert.match(await p.evaluate(() => location.hash), /units=imperial/);
  const [download] = await Promise.all([p.waitForEvent('download'), p.locator('#download-csv').click()]);
  const csv = await readFile(await download.path(), 'utf8');
  assert.match(download.suggestedFilename(), /ceb-press.*\.csv$/);
  assert.match(csv, /^section,item,value,note/);
  assert.match(csv, /cut-list,L 2x2x1\/4,"Grate frame, long side",72 in,2,square/);
  assert.match(csv, /^stock-to-buy,L 2x2x1\/4,\d+ × 240 in,/m);
  assert.deepEqual(h.foreign(p.requests, server.origin), []);
  await p.context().close();
});

test('buying stock in a metric market changes the sticks and sheets', async () => {
  const p = await h.page(b);
  await h.open(p, CEB() + '?tab=stock');
  assert.match(await h.text(p, '#stock-to-buy'), /× 6096 mm/);
  await p.locator('#market').selectOption('metric');
  await h.settle(p);
  assert.match(await h.text(p, '#stock-to-buy'), /× 6000 mm/);
  assert.match(await h.text(p, '#plate-to-buy'), /1250 mm × 2500 mm/);
  assert.match(await p.evaluate(() => location.hash), /stock=metric/);
  await p.context().close();
});

test('the Power Cube and the press with its own Power Cube', async () => {
  const p = await h.page(b);
  await h.open(p, server.base + 'index.html#/power-cube');
  assert.match(await h.text(p, 'header h1'), /Power Cube/);
  assert.match(await h.text(p, '#summary, .summary'), /hydraulic flow/i);
  await h.open(p, server.base + 'index.html#/ceb-press?with_power_cube=1&tab=purchased');
  assert.match(await h.text(p, '#purchased'), /Gasoline engine/);
  await p.context().close();
});

test('the assembly steps build the CEB press up step by step, in the link too', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  // All parts at first: the slider at its end, nothing drawn as new.
  assert.match(await h.text(p, '#step-caption'), /^All parts \(9 assembly steps\)$/);
  assert.equal(await p.locator('#step-all').getAttribute('aria-pressed'), 'true');
  const all = await h.canvasPixels(p);
  assert.equal(h.newPartPixels(all), 0);
  // The slider to the first step: only the frame, drawn as new.
  await p.locator('#step-range').fill('1');
  await h.settle(p);
  assert.match(await h.text(p, '#step-caption'), /^Step 1 of 9: Bolt the frame together/);
  assert.match(await p.evaluate(() => location.hash), /step=1(&|$)/);
  const first = await h.canvasPixels(p);
  assert.ok(h.machinePixels(first) < 0.8 * h.machinePixels(all), 'the first step shows less than the whole machine');
  assert.ok(h.newPartPixels(first) > 500, `the frame's parts are drawn as new (${h.newPartPixels(first)} pixels)`);
  // Next by keyboard: the chamber joins the frame, and the caption says so.
  await p.locator('#step-next').focus();
  await p.keyboard.press('Enter');
  await h.settle(p);
  assert.match(await h.text(p, '#step-caption'), /^Step 2 of 9: Bolt the f4 chamber walls/);
  const second = await h.canvasPixels(p);
  assert.ok(h.difference(first, second) > 0.002, 'the picture changes with the step');
  assert.equal(await p.locator('#step-range').inputValue(), '2');
  await p.keyboard.press('Enter');
  await h.settle(p);
  assert.match(await h.text(p, '#step-caption'), /^Step 3 of 9: Pin the main cylinder/);
  // The link shows someone else the same step.
  const link = await p.evaluate(() => location.href);
  assert.match(link, /step=3(&|$)/);
  const friend = await h.page(b);
  await h.open(friend, link);
  assert.equal(await h.text(friend, '#step-caption'), await h.text(p, '#step-caption'));
  assert.equal(await friend.locator('#step-range').inputValue(), '3');
  // Back, then all parts again; the link forgets the step.
  await p.locator('#step-prev').click();
  await h.settle(p);
  assert.match(await h.text(p, '#step-caption'), /^Step 2 of 9/);
  await p.locator('#step-all').click();
  await h.settle(p);
  assert.doesNotMatch(await p.evaluate(() => location.hash), /step=/);
  assert.ok(h.difference(all, await h.canvasPixels(p)) < 0.002, 'all parts again is the whole machine');
  // A bad step is explained; a machine without steps has no control.
  await h.open(friend, server.base + 'index.html#/ceb-press?step=12');
  assert.match(await h.text(friend, '#notices'), /Step “12” is not a step of the CEB Press \(1 to 9\)/);
  await h.open(friend, server.base + 'index.html#/lifetrac');
  assert.equal(await friend.locator('#steps').count(), 0);
  await h.open(friend, server.base + 'index.html#/power-cube?step=6');
  assert.match(await h.text(friend, '#step-caption'), /^Step 6 of 6: Fit the battery/);
  assert.deepEqual(p.errors, []);
  assert.deepEqual(friend.errors, []);
  await p.context().close();
  await friend.context().close();
});

test('the single file works opened from the file system, with no network', async () => {
  const p = await h.page(b);
  const file = 'file://' + join(h.DIST, 'gvcs-standalone.html');
  await h.open(p, file + '#/ceb-press?bore=5.5');
  assert.ok(h.machinePixels(await h.canvasPixels(p)) > 10000, 'the canvas should show the machine');
  assert.match(await h.text(p, '#fig-cost'), /\$\d/);
  assert.equal(await p.locator('#param-bore-value').inputValue(), '139.7');
  assert.deepEqual(p.requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:') && !u.startsWith('blob:')), []);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('the code arrives xz-compressed; when it cannot be fetched, or the site is opened from the file system, the page says so', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  assert.ok(p.requests.some((u) => u.endsWith('_bg.wasm.xz')), 'the page should fetch the compressed wasm');
  assert.ok(!p.requests.some((u) => u.endsWith('_bg.wasm')), 'the uncompressed wasm is not shipped');
  const missing = await h.page(b);
  await missing.route(/_bg\.wasm\.xz$/, (r) => r.fulfill({ status: 404, body: 'missing' }));
  await missing.goto(CEB());
  await missing.waitForFunction(() => /could not load its code/.test(document.querySelector('#app').textContent), null, { timeout: 10000 });
  assert.match(await h.text(missing, '#app'), /_bg\.wasm\.xz: HTTP 404/);
  // The decoder's own wasm is a file of its own on the site.
  assert.ok(p.requests.some((u) => /xz-decoder-[\d.]+\.wasm$/.test(u)), 'the page should fetch the decoder');
  const noDecoder = await h.page(b);
  await noDecoder.route(/xz-decoder-[\d.]+\.wasm$/, (r) => r.fulfill({ status: 404, body: 'missing' }));
  await noDecoder.goto(CEB());
  await noDecoder.waitForFunction(() => /could not load its code/.test(document.querySelector('#app').textContent), null, { timeout: 10000 });
  assert.match(await h.text(noDecoder, '#app'), /xz-decoder-[\d.]+\.wasm: HTTP 404/);
  await noDecoder.context().close();
  const local = await h.page(b);
  await local.goto('file://' + join(h.DIST, 'index.html'));
  await local.waitForFunction(() => /gvcs-standalone\.html/.test(document.querySelector('#app').textContent), null, { timeout: 10000 });
  await p.context().close();
  await missing.context().close();
  await local.context().close();
});

test('without WebGL the tables still work and the view says why', async () => {
  const noGl = await h.browser(['--disable-webgl']);
  const p = await h.page(noGl);
  await p.goto(CEB());
  await p.waitForFunction(() => document.body.dataset.rendered === 'no-webgl', null, { timeout: 30000 });
  assert.match(await h.text(p, '.no-webgl'), /3D view cannot start/);
  assert.match(await h.text(p, '#fig-cost'), /\$\d/);
  await p.locator('#param-bore').fill('6');
  await h.settle(p);
  assert.match(await p.evaluate(() => location.hash), /bore=6/);
  await noGl.close();
});

test('a typed value out of range is set to the nearest allowed one, with a note', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  await p.locator('#param-bore-value').fill('900');
  await p.locator('#param-bore-value').press('Enter');
  await h.settle(p);
  assert.match(await h.text(p, '#notices'), /outside 76\.2 to 152\.4 mm; set to 152\.4 mm/);
  assert.equal(await p.locator('#param-bore-value').inputValue(), '152.4');
  assert.match(await p.evaluate(() => location.hash), /bore=6(&|$)/);
  await p.context().close();
});

test('two fingers pinch to zoom and a tap picks a part', async () => {
  const p = await h.page(b, { hasTouch: true });
  await h.open(p, CEB());
  const box = await p.locator('#view').boundingBox();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  const before = h.machinePixels(await h.canvasPixels(p));
  const cdp = await p.context().newCDPSession(p);
  const touch = (type, d) => cdp.send('Input.dispatchTouchEvent', {
    type,
    touchPoints: type === 'touchEnd' ? [] : [{ x: cx - d, y: cy, id: 1 }, { x: cx + d, y: cy, id: 2 }],
  });
  await touch('touchStart', 40);
  for (let d = 50; d <= 200; d += 30) await touch('touchMove', d);
  await touch('touchEnd', 0);
  await h.settle(p);
  const after = h.machinePixels(await h.canvasPixels(p));
  assert.ok(after > before * 1.3, `pinching out should zoom in (${before} → ${after} machine pixels)`);
  const at = h.machinePixelNearCentre(await h.canvasPixels(p));
  await p.touchscreen.tap(box.x + at.x, box.y + at.y);
  await p.waitForSelector('#part-info');
  assert.match(await h.text(p, '#part-info'), /Made from/);
  await p.context().close();
});

test('the view follows the window size', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  const size = () => p.evaluate(() => { const c = document.getElementById('view'); return [c.width, c.clientWidth]; });
  const [w1] = await size();
  await p.setViewportSize({ width: 1000, height: 800 });
  await p.waitForFunction((w) => document.getElementById('view').width !== w, w1);
  const [w2, css2] = await size();
  assert.ok(w2 < w1 && Math.abs(w2 - css2) <= 1, `canvas ${w1} → ${w2} (css ${css2})`);
  await h.settle(p);
  assert.ok(h.machinePixels(await h.canvasPixels(p)) > 10000);
  await p.context().close();
});

test('your own prices change the cost and travel in the link', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  const cost = await h.text(p, '#fig-cost');
  await p.locator('#tab-sources').click();
  await p.locator('#price-steel-plate').fill('3');
  await p.locator('#price-steel-plate').press('Enter');
  await h.settle(p);
  assert.match(await p.evaluate(() => location.hash), /price\.steel-plate=3/);
  assert.match(await h.text(p, '#prices'), /yours/);
  assert.match(await h.text(p, '#figures'), /drawerHgap/);
  await p.locator('#tab-summary').click();
  assert.notEqual(await h.text(p, '#fig-cost'), cost);
  await p.context().close();
});

test('costs in another year\'s money and at another labour rate; OSE\'s part names in the sources', async () => {
  const p = await h.page(b);
  await h.open(p, CEB() + '?tab=sources');
  // Each plate part that follows OSE's v1708P model shows its name there.
  assert.match(await h.text(p, '#part-sources'), /\bf5\b/);
  assert.match(await h.text(p, '#part-sources'), /\bd12\b/);
  const before = { cost: await h.text(p, '#prices'), hash: await p.evaluate(() => location.hash) };
  await p.locator('#money-year').selectOption('2013');
  await h.settle(p);
  assert.match(await p.evaluate(() => location.hash), /year=2013/);
  assert.notEqual(await h.text(p, '#prices'), before.cost);
  assert.match(await h.text(p, '#prices'), / in 2026-02 \(US PPI, steel mill products/);
  await p.locator('#labour-rate').selectOption('shop');
  await h.settle(p);
  assert.match(await p.evaluate(() => location.hash), /labour=shop/);
  await p.locator('#tab-summary').click();
  assert.match(await h.text(p, '#fig-cost'), /in 2013 money/);
  assert.match(await h.text(p, '#fig-hours'), /shop rate/);
  // The link brings both back.
  const friend = await h.page(b);
  await h.open(friend, CEB() + '?year=2013&labour=shop');
  assert.equal(await h.text(friend, '#fig-cost'), await h.text(p, '#fig-cost'));
  await friend.context().close();
  await p.context().close();
});

test('the view saved as a PNG picture at a chosen resolution', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  const [download] = await Promise.all([p.waitForEvent('download'), p.locator('#picture').selectOption({ index: 2 })]);
  assert.equal(download.suggestedFilename(), 'ceb-press-1920x1080.png');
  const { PNG } = await import('pngjs');
  const png = PNG.sync.read(await readFile(await download.path()));
  assert.deepEqual([png.width, png.height], [1920, 1080]);
  assert.ok(h.machinePixels(png) > 0.03 * png.width * png.height, 'the picture shows the machine');
  // The view itself is drawn back at its own size.
  await h.settle(p);
  assert.ok(h.machinePixels(await h.canvasPixels(p)) > 10000);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('switching machines keeps what was set on each, and Back returns', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  await p.locator('#param-bore').fill('6');
  await h.settle(p);
  await p.locator('select[aria-label="Machine"]').selectOption('power-cube');
  await h.settle(p);
  assert.match(await h.text(p, 'header h1'), /Power Cube/);
  await p.locator('select[aria-label="Machine"]').selectOption('ceb-press');
  await h.settle(p);
  assert.equal(await p.locator('#param-bore').inputValue(), '6');
  await p.goBack();
  await p.waitForFunction(() => document.querySelector('header h1').innerText.includes('Power Cube'));
  await p.goBack();
  await p.waitForFunction(() => document.querySelector('header h1').innerText.includes('CEB'));
  assert.equal(await p.locator('#param-bore').inputValue(), '6');
  await p.context().close();
});

test('the view comes back after the GPU context is lost and restored', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  await p.evaluate(() => {
    const gl = document.getElementById('view').getContext('webgl2');
    window.__lose = gl.getExtension('WEBGL_lose_context');
    window.__lose.loseContext();
  });
  await p.waitForFunction(() => document.body.dataset.rendered === 'lost');
  await p.evaluate(() => window.__lose.restoreContext());
  await p.waitForFunction(() => document.body.dataset.rendered === '1');
  await h.settle(p);
  assert.ok(h.machinePixels(await h.canvasPixels(p)) > 10000, 'the machine is drawn again');
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('copy link says what to do where the page has no clipboard', async () => {
  const p = await h.page(b);
  await p.addInitScript(() => { Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }); });
  await h.open(p, CEB());
  await p.locator('button', { hasText: 'Copy link' }).click();
  await p.waitForSelector('#notices');
  assert.match(await h.text(p, '#notices'), /copy the link from here: http/);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('a plain headless screenshot of the single file shows the machine', async () => {
  // Chromium's own --screenshot captures as soon as the page settles, right after the first
  // resize: the view must have drawn by then, not on a later frame.
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'gvcs-shot-'));
  const out = join(dir, 'shot.png');
  execFileSync(process.env.CHROMIUM || '/usr/bin/chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`,
    '--window-size=1280,800', '--virtual-time-budget=8000', `--screenshot=${out}`, 'file://' + join(h.DIST, 'gvcs-standalone.html') + '#/ceb-press',
  ], { stdio: 'ignore', timeout: 60000 });
  const { PNG } = await import('pngjs');
  const png = PNG.sync.read(await readFile(out));
  // The middle of the 3D view at this window size: no controls there, only the machine.
  const view = [480, 90, 1240, 470];
  assert.ok(h.machinePixels(png, view) > 15000, `only ${h.machinePixels(png, view)} machine pixels in the view`);
});

test('the machine downloads as GLB, STL, OBJ and MTL at the parameters shown', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  await p.locator('#param-stroke').fill('20');
  await h.settle(p);
  const files = {};
  for (const [index, ext] of [[1, 'glb'], [2, 'stl'], [3, 'obj'], [4, 'mtl']]) {
    const [download] = await Promise.all([p.waitForEvent('download'), p.locator('#export-3d').selectOption({ index })]);
    assert.equal(download.suggestedFilename(), `ceb-press.${ext}`);
    files[ext] = await readFile(await download.path());
  }
  // GLB: the binary glTF header, its declared length, and one named mesh per part.
  const glb = files.glb;
  assert.equal(glb.toString('latin1', 0, 4), 'glTF');
  assert.equal(glb.readUInt32LE(8), glb.length);
  const json = JSON.parse(glb.toString('utf8', 20, 20 + glb.readUInt32LE(12)));
  assert.ok(json.meshes.length > 40 && json.meshes.every((m) => m.name), `${json.meshes.length} meshes`);
  // STL: 80-byte header, a triangle count, 50 bytes a triangle.
  const stl = files.stl;
  assert.equal(stl.length, 84 + 50 * stl.readUInt32LE(80));
  assert.ok(stl.readUInt32LE(80) > 1000);
  // OBJ names its MTL, which defines every material it uses.
  const obj = files.obj.toString('utf8');
  assert.match(obj, /^mtllib ceb-press\.mtl$/m);
  const used = new Set([...obj.matchAll(/^usemtl (\S+)$/gm)].map((m) => m[1]));
  const defined = new Set([...files.mtl.toString('utf8').matchAll(/^newmtl (\S+)$/gm)].map((m) => m[1]));
  assert.ok(used.size > 0 && [...used].every((m) => defined.has(m)), 'every material used is defined');
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('the printable sheet is one page with the picture, the figures and the sources', async () => {
  const p = await h.page(b);
  await p.addInitScript(() => { window.print = () => { window.printed = (window.printed || 0) + 1; }; });
  await h.open(p, CEB());
  await p.locator('#picture').selectOption({ label: 'Printable sheet' });
  await p.waitForSelector('#sheet img', { state: 'attached' });
  assert.equal(await p.evaluate(() => window.printed), 1, 'the print dialog opens once');
  const img = await p.evaluate(() => new Promise((ok) => {
    const i = document.querySelector('#sheet img');
    const done = () => ok({ w: i.naturalWidth, h: i.naturalHeight, src: i.src.slice(0, 22) });
    i.complete ? done() : i.onload = done;
  }));
  assert.deepEqual(img, { w: 1600, h: 1000, src: 'data:image/png;base64,' });
  assert.ok(!(await p.locator('#sheet').isVisible()), 'the sheet is for print only');
  await p.emulateMedia({ media: 'print' });
  assert.ok(await p.locator('#sheet').isVisible());
  assert.ok(!(await p.locator('main.layout').isVisible()), 'print shows the sheet alone');
  assert.match(await h.text(p, '#sheet'), /Machine mass.*kg/s);
  assert.match(await h.text(p, '#sheet .sheet-sources'), /CEB-1708/);
  const pdf = await p.pdf({ format: 'A4' });
  assert.equal((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length, 1, 'one page');
  await p.emulateMedia({ media: 'screen' });
  await p.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await p.waitForSelector('#sheet', { state: 'detached' });
  assert.deepEqual(p.errors, []);
  await p.context().close();
});
