// The home page: all 50 machines, pictures drawn from their geometry, search and filters,
// every defined machine's own page, and the links between related machines.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import * as h from './harness.mjs';

let server, b;
before(async () => { server = await h.serve(); b = await h.browser(); });
after(async () => { await b?.close(); await server?.close(); });

const HOME = () => server.base + 'index.html';

async function openHome(p, url = HOME()) {
  const t0 = Date.now();
  await p.goto(url);
  await p.waitForFunction(() => document.body.dataset.page === 'catalog', null, { timeout: 30000 });
  await h.settle(p);
  return Date.now() - t0;
}

test('the home page shows all 50 machines by category, with pictures drawn from the defined ones', async () => {
  const p = await h.page(b);
  const ms = await openHome(p);
  console.log(`# home page first render: ${ms} ms`);
  assert.ok(ms < 1500, `the home page took ${ms} ms to render`);
  assert.equal(await p.locator('.card').count(), 50);
  assert.equal(await p.locator('.category h2').count(), 6);
  const defined = await p.locator('.card.defined').count();
  assert.ok(defined >= 16, `${defined} defined machines`);
  assert.equal(await p.locator('.card.planned .thumb.none').count(), 50 - defined);
  // A picture is not blank: the CEB press's card shows the machine's colours.
  const png = PNG.sync.read(await p.locator('.card[data-machine="ceb-press"] canvas.thumb').screenshot());
  assert.ok(h.machinePixels(png) > 0.1 * png.width * png.height, 'the press picture is drawn');
  assert.match(await h.text(p, '.card[data-machine="ceb-press"]'), /\d kg[\s\S]*\$\d[\s\S]*\d h/);
  // Machines not yet modelled show OSE's status and a link to OSE's wiki, never a picture.
  assert.match(await p.locator('.card[data-machine="truck"] a').getAttribute('href'), /^https:\/\/wiki\.opensourceecology\.org\/wiki\/Truck$/);
  assert.deepEqual(p.errors, []);
  assert.deepEqual(h.foreign(p.requests, server.origin), []);
  await p.context().close();
});

test('search and filters narrow the cards and travel in the link', async () => {
  const p = await h.page(b);
  await openHome(p);
  await p.locator('#catalog-search').fill('press');
  await h.settle(p);
  const ids = await p.locator('.card').evaluateAll((cs) => cs.map((c) => c.dataset.machine));
  assert.ok(ids.includes('ceb-press') && ids.includes('drill-press') && !ids.includes('sawmill'), ids.join());
  assert.match(await p.evaluate(() => location.hash), /q=press/);
  await p.locator('#catalog-search').fill('');
  await p.locator('#catalog-show').selectOption('defined');
  await p.locator('#catalog-category').selectOption('energy');
  await h.settle(p);
  const energy = await p.locator('.card').evaluateAll((cs) => cs.map((c) => c.dataset.machine));
  assert.ok(energy.includes('power-cube') && energy.every((id) => !['truck', 'ceb-press'].includes(id)), energy.join());
  await p.locator('#catalog-category').selectOption('all');
  await p.locator('#catalog-cube').check();
  await h.settle(p);
  const cube = await p.locator('.card').evaluateAll((cs) => cs.map((c) => c.dataset.machine));
  assert.ok(cube.includes('lifetrac') && !cube.includes('power-cube') && !cube.includes('welder'), cube.join());
  // The link brings the same view back.
  const friend = await h.page(b);
  await openHome(friend, HOME() + (await p.evaluate(() => location.hash)));
  assert.deepEqual(await friend.locator('.card').evaluateAll((cs) => cs.map((c) => c.dataset.machine)), cube);
  assert.equal(await friend.locator('#catalog-cube').isChecked(), true);
  await friend.context().close();
  // Keyboard: a card is a link reached with Tab and opened with Enter.
  await p.locator('.card.defined a').first().focus();
  await p.keyboard.press('Enter');
  await p.waitForFunction(() => document.body.dataset.page === 'machine' && document.body.dataset.rendered === '1');
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('every defined machine opens its own page with a drawn model and no error', async () => {
  const p = await h.page(b);
  await openHome(p, HOME() + '#/?show=defined');
  const ids = await p.locator('.card').evaluateAll((cs) => cs.map((c) => c.dataset.machine));
  assert.ok(ids.length >= 16);
  for (const id of ids) {
    await p.evaluate((i) => { document.body.dataset.rendered = ''; location.hash = '#/' + i; }, id);
    await p.waitForFunction(() => document.body.dataset.rendered === '1', null, { timeout: 30000 });
    await h.settle(p);
    const png = await h.canvasPixels(p);
    assert.ok(h.machinePixels(png) > 0.02 * png.width * png.height, `${id}: the canvas is blank`);
    assert.match(await h.text(p, '#fig-cost'), /\$\d/, id);
    assert.equal(await p.locator('#error').count(), 0, `${id}: ${await p.locator('#error').count() && h.text(p, '#error')}`);
  }
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('a machine page links the machines it is built with, uses and is used by', async () => {
  const p = await h.page(b);
  await h.open(p, server.base + 'index.html#/power-cube');
  assert.match(await h.text(p, '#related-used-by'), /CEB Press/);
  await p.locator('#related-used-by a', { hasText: 'CEB Press' }).click();
  await p.waitForFunction(() => location.hash.startsWith('#/ceb-press'));
  await p.waitForFunction(() => document.body.dataset.rendered === '1');
  assert.match(await h.text(p, 'header h1'), /CEB Press/);
  assert.match(await h.text(p, '#related-built-with'), /CNC Torch Table/);
  // Back to the catalog from the header.
  await p.locator('#home-link').click();
  await p.waitForFunction(() => document.body.dataset.page === 'catalog');
  assert.equal(await p.locator('.card').count(), 50);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});
