// The section plane and the measure tool on the machine page: the cut shows the inside in the
// cap colour and follows its slider, and two picked points give a distance in the page's units.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as h from './harness.mjs';

let server, b;
before(async () => { server = await h.serve(); b = await h.browser(); });
after(async () => { await b?.close(); await server?.close(); });

const CEB = () => server.base + 'index.html#/ceb-press';

/** Pixels in the colour of the cut faces (brick red or its dark hatching, however lit). */
function capPixels(png) {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, bl] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    if (r > 60 && r > 2 * g && r > 2 * bl && Math.abs(g - bl) < 40) n++;
  }
  return n;
}

/** The machine pixel nearest to (`x`, `y`), in CSS pixels of a picture at `scale`, between
 * the heights `top` and `bottom` (clear of the controls over the view), well inside a face:
 * the pixels a few away on each side are the machine's too. */
function machinePixelNear(png, x, y, scale = 1, [top, bottom] = [0, png.height / scale]) {
  const coloured = (px, py) => {
    const i = (py * png.width + px) * 4;
    const [r, g, bl] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    return Math.max(r, g, bl) - Math.min(r, g, bl) > 40;
  };
  const k = 3 * scale;
  let best = null;
  for (let py = Math.ceil(top * scale) + k; py < Math.min(png.height, bottom * scale) - k; py += 2) {
    for (let px = k; px < png.width - k; px += 2) {
      if (coloured(px, py) && coloured(px - k, py) && coloured(px + k, py) && coloured(px, py - k) && coloured(px, py + k)) {
        const d = (px - x * scale) ** 2 + (py - y * scale) ** 2;
        if (!best || d < best.d) best = { x: px / scale, y: py / scale, d };
      }
    }
  }
  return best;
}

/** The heights in the view between the controls at its top and at its bottom. */
async function clear(p) {
  const view = await p.locator('#view').boundingBox();
  const steps = await p.locator('#steps').boundingBox();
  const tools = await p.locator('.view-tools').boundingBox();
  return [steps.y + steps.height - view.y + 4, tools.y - view.y - 4];
}

/** The measured points (mm) the readout carries. */
async function points(p) {
  const s = await p.locator('#measure-out').getAttribute('data-points');
  return s ? s.split(';').map((q) => q.split(' ').map(Number)) : [];
}

test('a section plane cuts the model open, shows the cut faces and follows its slider and keys', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  const whole = await h.canvasPixels(p);
  assert.equal(await p.locator('#section-at').count(), 0, 'no position slider without a plane');
  await p.locator('#section-axis').selectOption('Section y');
  await h.settle(p);
  const cut = await h.canvasPixels(p);
  assert.ok(h.difference(whole, cut) > 0.01, `the cut barely changed the picture (${(h.difference(whole, cut) * 100).toFixed(2)}%)`);
  assert.ok(capPixels(cut) > capPixels(whole) + 300, `cut faces: ${capPixels(whole)} → ${capPixels(cut)} pixels`);
  assert.match(await h.text(p, '#section-place'), /^y \d[\d,]* mm$/);
  // The slider moves the plane.
  const place = await h.text(p, '#section-place');
  await p.locator('#section-at').fill('60');
  await h.settle(p);
  const moved = await h.canvasPixels(p);
  assert.ok(h.difference(cut, moved) > 0.005, 'moving the plane changes the picture');
  assert.notEqual(await h.text(p, '#section-place'), place);
  // The keyboard too, with the place read out.
  await p.locator('#section-at').focus();
  await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowRight');
  await h.settle(p);
  assert.equal(await p.locator('#section-at').inputValue(), '62');
  assert.equal(await p.locator('#section-at').getAttribute('aria-valuetext'), await h.text(p, '#section-place'));
  // Flip shows the other side; imperial units show the place in inches.
  await p.locator('#section-flip').click();
  await h.settle(p);
  assert.equal(await p.locator('#section-flip').getAttribute('aria-pressed'), 'true');
  assert.ok(h.difference(moved, await h.canvasPixels(p)) > 0.01, 'the other side is shown');
  await p.locator('button', { hasText: 'Imperial' }).click();
  assert.match(await h.text(p, '#section-place'), /^y \d[\d ,/]* in$/);
  // Off again: the whole machine.
  await p.locator('#section-axis').selectOption('No section');
  await p.locator('button', { hasText: 'Metric' }).click();
  await h.settle(p);
  assert.ok(h.difference(whole, await h.canvasPixels(p)) < 0.002, 'without the plane the machine is whole again');
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('measuring gives the distance between two picked surface points in the chosen units', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  await p.locator('button', { hasText: 'Front' }).click();
  await p.locator('#measure').click();
  assert.equal(await p.locator('#measure').getAttribute('aria-pressed'), 'true');
  assert.match(await h.text(p, '#measure-out'), /Click or tap a point/);
  await h.settle(p);
  const png = await h.canvasPixels(p);
  const box = await p.locator('#view').boundingBox();
  // Two points of the machine: one near the middle, one up and to the right of it.
  const band = await clear(p);
  const a = machinePixelNear(png, box.width / 2, box.height / 2, 1, band);
  const c = machinePixelNear(png, a.x + box.width * 0.15, a.y - box.height * 0.2, 1, band);
  assert.ok(c.x > a.x + 20 && c.y < a.y - 20, 'two distinct points on the machine');
  await p.mouse.click(box.x + a.x, box.y + a.y);
  assert.match(await h.text(p, '#measure-out'), /second point/);
  await p.mouse.click(box.x + c.x, box.y + c.y);
  await h.settle(p);
  const text = await h.text(p, '#measure-out');
  const m = text.match(/^Distance ([\d,]+) mm$/);
  assert.ok(m, text);
  const [pa, pc] = await points(p);
  const d = Math.hypot(pa[0] - pc[0], pa[1] - pc[1], pa[2] - pc[2]);
  assert.ok(Math.abs(Number(m[1].replace(/,/g, '')) - d) <= 1, `${text} for points ${pa} and ${pc}`);
  // Seen from the front (+y away from the eye, z up): right is +x, up is +z; the machine is about 2 m.
  assert.ok(pc[0] > pa[0] && pc[2] > pa[2], `the second point is right of and above the first: ${pa} → ${pc}`);
  assert.ok(d > 50 && d < 3000, `a plausible distance: ${d} mm`);
  // Markers and the line are drawn: the picture changed where the points are.
  const marked = await h.canvasPixels(p);
  assert.ok(h.difference(png, marked) > 0.0005, 'the marks show');
  // The same measurement in inches.
  await p.locator('button', { hasText: 'Imperial' }).click();
  const inches = (await h.text(p, '#measure-out')).match(/^Distance ([\d,]+)(?: (\d+)\/(\d+))? in$/);
  assert.ok(inches, await h.text(p, '#measure-out'));
  const inch = Number(inches[1].replace(/,/g, '')) + (inches[2] ? inches[2] / inches[3] : 0);
  assert.ok(Math.abs(inch * 25.4 - d) < 1, `${inch} in for ${d} mm`);
  // Clear takes the points away; a changed parameter does too.
  await p.locator('#measure-clear').click();
  await h.settle(p);
  assert.match(await h.text(p, '#measure-out'), /Click or tap a point/);
  assert.ok(h.difference(png, await h.canvasPixels(p)) < 0.0005, 'the marks are gone');
  await p.mouse.click(box.x + a.x, box.y + a.y);
  await p.mouse.click(box.x + c.x, box.y + c.y);
  assert.match(await h.text(p, '#measure-out'), /^Distance/);
  await p.locator('#param-stroke').fill('24');
  await h.settle(p);
  assert.match(await h.text(p, '#measure-out'), /Click or tap a point/);
  // Measuring off: a click picks a part again.
  await p.locator('#measure').click();
  assert.equal(await p.locator('#measure-out').count(), 0);
  await p.mouse.click(box.x + a.x, box.y + a.y);
  await p.waitForSelector('.part-info');
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('with a section plane, picks land on the part that is left, and a phone measures by tapping', async () => {
  const p = await h.page(b, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await h.open(p, CEB());
  // The default view looks from -y: a plane across y takes away the side with y below it.
  await p.locator('#section-axis').selectOption('Section y');
  await p.locator('#section-at').fill('90');
  await p.locator('#measure').tap();
  await h.settle(p);
  const at = Number(await p.locator('#section-place').getAttribute('data-at'));
  const png = await h.canvasPixels(p);
  const box = await p.locator('#view').boundingBox();
  const band = await clear(p);
  const a = machinePixelNear(png, box.width / 2, (band[0] + band[1]) / 2, 2, band);
  const c = machinePixelNear(png, box.width * 0.3, band[0] + 30, 2, band);
  assert.ok(Math.hypot(a.x - c.x, a.y - c.y) > 30, 'two distinct points');
  await p.touchscreen.tap(box.x + a.x, box.y + a.y);
  await p.waitForTimeout(400); // not a double tap
  await p.touchscreen.tap(box.x + c.x, box.y + c.y);
  await h.settle(p);
  assert.match(await h.text(p, '#measure-out'), /^Distance [\d,]+ mm$/);
  for (const q of await points(p)) assert.ok(q[1] >= at - 1, `a point at y = ${q[1]} is in the part taken away (plane at ${at})`);
  assert.deepEqual(p.errors, []);
  await p.context().close();
});

test('parts an assembly step hides are not measured, and a step change forgets the points', async () => {
  const p = await h.page(b);
  await h.open(p, CEB());
  await p.locator('button', { hasText: 'Front' }).click();
  await h.settle(p);
  const all = await h.canvasPixels(p);
  await p.locator('#step-range').fill('1');
  await h.settle(p);
  const frame = await h.canvasPixels(p);
  // A pixel of a part that comes later: the machine at all parts, background at step 1.
  const band = await clear(p);
  const box = await p.locator('#view').boundingBox();
  const sat = (png, i) => Math.max(png.data[i], png.data[i + 1], png.data[i + 2]) - Math.min(png.data[i], png.data[i + 1], png.data[i + 2]);
  const lum = (png, i) => 0.3 * png.data[i] + 0.59 * png.data[i + 1] + 0.11 * png.data[i + 2];
  // Coloured at all parts and pale background at step 1, a few pixels around too.
  const later = (x, y) => [0, 4, -4].every((dx) => [0, 4, -4].every((dy) => {
    const i = ((y + dy) * all.width + x + dx) * 4;
    return sat(all, i) > 40 && sat(frame, i) < 12 && lum(frame, i) > 180;
  }));
  let spot = null;
  for (let y = Math.ceil(band[0]) + 8; !spot && y < band[1] - 8; y += 4) {
    for (let x = 8; x < box.width - 8; x += 4) if (later(x, y)) { spot = { x, y }; break; }
  }
  assert.ok(spot, 'a later part is in view');
  // At all parts it measures; at step 1 the same place is empty space.
  await p.locator('#step-all').click();
  await p.locator('#measure').click();
  await p.mouse.click(box.x + spot.x, box.y + spot.y);
  assert.match(await h.text(p, '#measure-out'), /second point/);
  await p.locator('#step-range').fill('1');
  await h.settle(p);
  assert.match(await h.text(p, '#measure-out'), /Click or tap a point/, 'the step change forgot the point');
  await p.mouse.click(box.x + spot.x, box.y + spot.y);
  assert.match(await h.text(p, '#measure-out'), /Click or tap a point/, 'a hidden part was measured');
  assert.deepEqual(p.errors, []);
  await p.context().close();
});
