// The village planner page: inputs to counts, charts and a Gantt chart; bad input; plans saved
// in the browser, a corrupted store, plan files, the share link, CSV, and links to machines.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as h from './harness.mjs';

let server, b;
before(async () => { server = await h.serve(); b = await h.browser(); });
after(async () => { await b?.close(); await server?.close(); });

const PLAN = (q = '') => server.base + 'index.html#/plan' + q;

async function openPlan(p, url = PLAN()) {
  await p.goto(url);
  await p.waitForFunction(() => document.body.dataset.page === 'planner' && document.querySelector('#plan-results .figure'), null, { timeout: 30000 });
  await h.settle(p);
}

/** Types into an input the way a person does (an input event per change). */
async function type(p, selector, text) {
  await p.locator(selector).fill(text);
  await h.settle(p);
}

const rows = (p) => p.locator('#plan-gantt a[data-machine]').count();

test('a population gives machine counts, charts and a Gantt chart, and they follow it', async () => {
  const p = await h.page(b);
  await openPlan(p);
  assert.match(await h.text(p, '#fig-units'), /Machines to build\s+\d+ units/);
  assert.match(await h.text(p, '#fig-cost'), /\$\d/);
  assert.match(await h.text(p, '#fig-weeks'), /\d weeks[\s\S]*lower bound/);
  assert.match(await h.text(p, '#plan-machines'), /CEB Press/);
  const before = {
    units: await h.text(p, '#fig-units'),
    rows: await rows(p),
    cost: await p.locator('#chart-cost-category').innerHTML(),
    labour: await p.locator('#chart-labour').innerHTML(),
    ms: Number(await p.locator('#plan-results').getAttribute('data-ms')),
  };
  assert.ok(before.rows >= 9, `${before.rows} rows in the Gantt chart`);
  await type(p, '#plan-people', '20000');
  const units = await h.text(p, '#fig-units');
  const ms = Number(await p.locator('#plan-results').getAttribute('data-ms'));
  console.log(`# plan in the browser: ${before.ms} ms at 200 people, ${ms} ms at 20,000`);
  assert.notEqual(units, before.units);
  assert.ok(Number(units.match(/(\d[\d,]*) units/)[1].replace(/,/g, '')) > Number(before.units.match(/(\d+) units/)[1]));
  assert.ok(await rows(p) > before.rows, 'more units in the Gantt chart');
  assert.notEqual(await p.locator('#chart-cost-category').innerHTML(), before.cost);
  assert.notEqual(await p.locator('#chart-labour').innerHTML(), before.labour);
  assert.match(await p.evaluate(() => location.hash), /^#\/plan\?people=20000(&|$)/);
  // Tools save labour, machine by machine and in all.
  assert.match(await h.text(p, '#fig-labour'), /by hand: the village's own tools save [1-9]/);
  assert.deepEqual(p.errors, []);
  assert.deepEqual(h.foreign(p.requests, server.origin), []);
  await p.context().close();
});

test('bad input gets a message beside the field; the text and the last good plan stay', async () => {
  const p = await h.page(b);
  await openPlan(p);
  const good = await p.locator('#plan-results').innerHTML();
  for (const bad of ['abc', '0', '-5', '1e99']) {
    await type(p, '#plan-people', bad);
    assert.match(await h.text(p, '#plan-people-error'), /population should be a whole number from 1 to 10,000,000/i);
    assert.equal(await p.locator('#plan-people').inputValue(), bad, 'what was typed stays');
    assert.equal(await p.locator('#plan-results').innerHTML(), good, 'the last good plan stays');
  }
  await type(p, '#plan-people', '250');
  await type(p, '#plan-fig-floor_area', '-3');
  assert.match(await h.text(p, '.param.invalid .field-error'), /floor_area/);
  await type(p, '#plan-fig-floor_area', '45');
  await type(p, '#plan-people', '300');
  assert.equal(await p.locator('.field-error').count(), 0);
  assert.notEqual(await p.locator('#plan-results').innerHTML(), good);
  assert.match(await p.evaluate(() => location.hash), /demand\.floor_area=45/);
  // Reset one figure, then all.
  await p.locator('button[aria-label="Reset Floor area per person"]').click();
  await h.settle(p);
  assert.doesNotMatch(await p.evaluate(() => location.hash), /floor_area/);
  await type(p, '#plan-crew', '0');
  assert.match(await h.text(p, '#plan-crew-error'), /crew/i);
  // A plan too large to compute while typing says so, and the last good plan stays.
  await type(p, '#plan-crew', '4');
  const last = await p.locator('#plan-results').innerHTML();
  await p.locator('#plan-preset').selectOption('full-set');
  await type(p, '#plan-people', '5000000');
  assert.match(await h.text(p, '#plan-error'), /more than 100,000 machine units/);
  assert.notEqual(await p.locator('#plan-results').innerHTML(), '');
  await type(p, '#plan-people', '300');
  assert.equal(await p.locator('#plan-error').count(), 0);
  assert.notEqual(await p.locator('#plan-results').innerHTML(), last);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('a plan saved by name survives a reload', async () => {
  const p = await h.page(b);
  await openPlan(p);
  await type(p, '#plan-people', '321');
  await p.locator('#plan-name').fill('Test village');
  await p.locator('#plan-save').click();
  await h.settle(p);
  assert.match(await h.text(p, '#plan-notices'), /Saved as “Test village”/);
  const stored = JSON.parse(await p.evaluate(() => localStorage.getItem('gvcs.plans')));
  assert.equal(stored.version, 1);
  assert.equal(stored.plans['Test village'].people, 321);
  await openPlan(p, PLAN());
  await p.reload();
  await p.waitForFunction(() => document.body.dataset.page === 'planner' && document.querySelector('#plan-saved'));
  assert.equal(await p.locator('#plan-people').inputValue(), '200');
  await p.locator('#plan-saved button', { hasText: 'Test village' }).click();
  await h.settle(p);
  assert.equal(await p.locator('#plan-people').inputValue(), '321');
  assert.match(await p.evaluate(() => location.hash), /people=321/);
  await p.locator('#plan-saved button[aria-label="Delete Test village"]').click();
  await h.settle(p);
  assert.equal(await p.locator('#plan-saved').count(), 0);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('a corrupted or newer store is reported, left alone, and the page keeps working', async () => {
  const p = await h.page(b);
  await openPlan(p);
  for (const [text, message, people] of [['{"version":1,"plans":{"a":', /could not be read/, '50000'], ['{"version":2,"plans":{}}', /newer version/, '70000']]) {
    await p.evaluate((t) => localStorage.setItem('gvcs.plans', t), text);
    await p.reload();
    await p.waitForFunction(() => document.body.dataset.page === 'planner' && document.querySelector('#plan-results .figure'));
    assert.match(await h.text(p, '#plan-store-error'), message);
    const before = await h.text(p, '#fig-units');
    await type(p, '#plan-people', people);
    assert.notEqual(await h.text(p, '#fig-units'), before, 'the planner still plans');
    await p.locator('#plan-name').fill('Mine');
    await p.locator('#plan-save').click();
    await h.settle(p);
    assert.match(await h.text(p, '#plan-notices'), /Saving is off/);
    assert.equal(await p.evaluate(() => localStorage.getItem('gvcs.plans')), text, 'the stored text is untouched');
  }
  // Starting afresh is a choice, and the old text is downloaded first.
  const [download] = await Promise.all([p.waitForEvent('download'), p.locator('#plan-store-error button').click()]);
  assert.equal(await readFile(await download.path(), 'utf8'), '{"version":2,"plans":{}}');
  await h.settle(p);
  assert.equal(await p.locator('#plan-store-error').count(), 0);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('plan files: export, import, and a malformed file changes nothing', async () => {
  const p = await h.page(b);
  await openPlan(p, PLAN('?people=777&preset=food-and-energy-core&count.welder=3'));
  const [download] = await Promise.all([p.waitForEvent('download'), p.locator('#plan-export').click()]);
  const file = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(file.format, 'gvcs-plan');
  assert.equal(file.version, 1);
  assert.equal(file.plan.people, 777);
  assert.equal(file.plan.count.welder, 3);
  const friend = await h.page(b);
  await openPlan(friend);
  const link = await friend.evaluate(() => location.hash);
  for (const bad of ['not json at all', '{"format":"gvcs-plan","version":1,"plan":{"people":-1}}', '{"format":"other"}', '{"format":"gvcs-plan","version":9,"plan":{}}']) {
    await friend.locator('#plan-import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    await friend.waitForFunction(() => document.querySelector('#plan-notices'));
    assert.match(await h.text(friend, '#plan-notices'), /Nothing was changed/);
    assert.equal(await friend.evaluate(() => location.hash), link);
    await friend.locator('#plan-notices button').click();
  }
  await friend.locator('#plan-import').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await friend.waitForFunction(() => location.hash.includes('people=777'));
  assert.equal(await friend.evaluate(() => location.hash), await p.evaluate(() => location.hash));
  assert.deepEqual(p.errors, []);
  assert.deepEqual(friend.errors, []);
  await p.context().close();
  await friend.context().close();
});

test('the plan link round-trips to someone else', async () => {
  const p = await h.page(b);
  await openPlan(p);
  await type(p, '#plan-people', '1500');
  await p.locator('#plan-preset').selectOption('food-and-energy-core');
  await type(p, '#plan-years', '3');
  await type(p, '#plan-crew', '6');
  await type(p, '#plan-hpw', '35');
  await p.locator('#plan-year').selectOption('2015');
  await p.locator('#plan-labour').selectOption('shop');
  await p.locator('#plan-use-lifetrac').uncheck();
  await type(p, '#plan-count-welder', '2');
  await type(p, '#plan-fig-cropland', '0.3');
  await h.settle(p);
  const link = await p.evaluate(() => location.href);
  assert.match(link, /people=1500&preset=food-and-energy-core&years=3&crew=6&hpw=35&year=2015&labour=shop&count\.lifetrac=0&count\.welder=2&demand\.cropland=0\.3/);
  const friend = await h.page(b);
  await openPlan(friend, link);
  for (const id of ['#plan-title', '#fig-cost', '#fig-units', '#fig-weeks', '#plan-machines']) {
    assert.equal(await h.text(friend, id), await h.text(p, id), id);
  }
  assert.equal(await friend.locator('#plan-use-lifetrac').isChecked(), false);
  assert.equal(await friend.locator('#plan-count-welder').inputValue(), '2');
  assert.equal(await friend.evaluate(() => location.href), link);
  // A damaged link says what it could not use and plans with the defaults for those.
  await openPlan(friend, PLAN('?people=lots&preset=castle&crew=3'));
  const notices = await h.text(friend, '#plan-notices');
  assert.match(notices, /In the link: The population should be a whole number from 1 to 10,000,000, not “lots”\. Kept the default\./);
  assert.match(notices, /no preset “castle”/);
  assert.equal(await friend.locator('#plan-crew').inputValue(), '3');
  assert.deepEqual(friend.errors, []);
  await p.context().close();
  await friend.context().close();
});

test('a machine in the plan (table row or Gantt bar) opens its page; the header and home page lead here', async () => {
  const p = await h.page(b);
  await p.goto(server.base + 'index.html#/');
  await p.waitForFunction(() => document.body.dataset.page === 'catalog');
  // Units switched on the home page keep the home page's link (they wrote the machine's).
  await p.locator('button', { hasText: 'Imperial' }).click();
  await h.settle(p);
  assert.equal(await p.evaluate(() => location.hash), '#/');
  assert.match(await h.text(p, '.card[data-machine="ceb-press"]'), / lb/);
  await p.locator('button', { hasText: 'Metric' }).click();
  await p.locator('#plan-a-village').click();
  await p.waitForFunction(() => document.body.dataset.page === 'planner' && document.querySelector('#plan-results .figure'));
  await p.locator('#plan-labour').selectOption('shop');
  await h.settle(p);
  await p.locator('#plan-machines a.machine-link', { hasText: 'Welder' }).click();
  await p.waitForFunction(() => document.body.dataset.page === 'machine' && document.body.dataset.rendered === '1', null, { timeout: 30000 });
  assert.match(await h.text(p, 'header h1'), /Welder/);
  assert.match(await p.evaluate(() => location.hash), /^#\/welder\?labour=shop/);
  await p.goBack();
  await p.waitForFunction(() => document.body.dataset.page === 'planner' && document.querySelector('#plan-gantt'));
  await p.locator('#plan-gantt a[data-machine="ceb-press"] text').first().click();
  await p.waitForFunction(() => location.hash.startsWith('#/ceb-press'));
  await p.waitForFunction(() => document.body.dataset.page === 'machine');
  assert.match(await h.text(p, 'header h1'), /CEB Press/);
  await p.locator('#planner-link').click();
  await p.waitForFunction(() => document.body.dataset.page === 'planner' && document.querySelector('#plan-results .figure'));
  assert.deepEqual(p.errors, []);
  assert.deepEqual(h.foreign(p.requests, server.origin), []);
  await p.context().close();
});

test('CSV of every table, and the page at phone width', async () => {
  const p = await h.page(b, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await openPlan(p, PLAN('?people=2000'));
  const [download] = await Promise.all([p.waitForEvent('download'), p.locator('#plan-csv').click()]);
  assert.equal(download.suggestedFilename(), 'village-plan-2000-people.csv');
  const csv = await readFile(await download.path(), 'utf8');
  for (const section of ['plan-machines', 'plan-cost-by-category', 'plan-labour-by-trade', 'plan-stock', 'plan-purchased', 'plan-schedule', 'plan-demand']) {
    assert.match(csv, new RegExp(`^${section},`, 'm'), section);
  }
  // Nothing wider than the phone but the Gantt chart, which scrolls inside its box.
  const wide = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 1, `the page is ${wide}px wider than the phone`);
  if (process.env.GVCS_SHOTS) {
    await p.screenshot({ path: `${process.env.GVCS_SHOTS}/planner-phone.png`, fullPage: false });
    await p.locator('#plan-charts').screenshot({ path: `${process.env.GVCS_SHOTS}/planner-phone-charts.png` });
    await p.locator('#plan-gantt').screenshot({ path: `${process.env.GVCS_SHOTS}/planner-phone-gantt.png` });
  }
  assert.deepEqual(p.errors, []);
  await p.context().close();
});
