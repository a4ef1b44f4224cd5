// Shared set-up for the browser tests: a static server for dist/ under a sub-path, Debian's
// headless Chromium through playwright-core, and helpers that look at the page as a person
// would (pixels on the canvas, text in the tables).

import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { PNG } from 'pngjs';

export const DIST = resolve(process.env.GVCS_DIST || new URL('../../dist', import.meta.url).pathname);
/** The site is served under a sub-path to prove its URLs are relative. */
export const SUBPATH = '/tools/gvcs/';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml' };

export async function serve() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(SUBPATH)) { res.writeHead(404); res.end('not here'); return; }
    let rel = decodeURIComponent(url.pathname.slice(SUBPATH.length)) || 'index.html';
    const file = normalize(join(DIST, rel));
    if (!file.startsWith(DIST)) { res.writeHead(403); res.end(); return; }
    try {
      await stat(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404); res.end('missing');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, base: origin + SUBPATH, close: () => new Promise((ok) => server.close(ok)) };
}

export async function browser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    // Software WebGL2 (SwiftShader) with no GPU; no calls home.
    args: ['--no-sandbox', '--disable-gpu', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-default-apps', ...extraArgs],
  });
}

/** A page that records console errors, page errors and every request it makes. */
export async function page(b, options = {}) {
  const context = await b.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true, ...options });
  const p = await context.newPage();
  p.errors = [];
  p.requests = [];
  p.on('console', (m) => { if (m.type() === 'error') p.errors.push(m.text()); });
  p.on('pageerror', (e) => p.errors.push(String(e)));
  p.on('request', (r) => p.requests.push(r.url()));
  return p;
}

/** Opens a URL and waits until the 3D view has drawn its first frame. */
export async function open(p, url) {
  await p.goto(url);
  await p.waitForFunction(() => document.body.dataset.rendered === '1', null, { timeout: 30000 });
  await settle(p);
}

/** Waits for pending frames to be drawn. */
export async function settle(p) {
  await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The canvas as a person sees it: decoded pixels of a screenshot of its box. */
export async function canvasPixels(p) {
  const png = PNG.sync.read(await p.locator('#view').screenshot());
  return png;
}

/** Pixels that belong to the machine: coloured or dark, unlike the pale grey background and
 * floor; within the box `x0..x1`, `y0..y1` if given. */
export function machinePixels(png, [x0, y0, x1, y1] = [0, 0, png.width, png.height]) {
  let n = 0;
  for (let y = y0; y < Math.min(y1, png.height); y++) {
    for (let x = x0; x < Math.min(x1, png.width); x++) {
      const i = (y * png.width + x) * 4;
      const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
      const sat = Math.max(r, g, b) - Math.min(r, g, b);
      const lum = 0.3 * r + 0.59 * g + 0.11 * b;
      if (sat > 28 || lum < 150) n++;
    }
  }
  return n;
}

/** Pixels in the colour of the parts an assembly step adds (magenta, however lit). */
export function newPartPixels(png) {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    if (r > 120 && b > 90 && r - g > 70 && b - g > 40) n++;
  }
  return n;
}

/** Share of pixels that differ between two same-size pictures. */
export function difference(a, b) {
  let n = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (Math.abs(a.data[i] - b.data[i]) + Math.abs(a.data[i + 1] - b.data[i + 1]) + Math.abs(a.data[i + 2] - b.data[i + 2]) > 30) n++;
  }
  return n / (a.width * a.height);
}

/** A pixel of the machine near the middle of the canvas, in CSS pixels from its corner. */
export function machinePixelNearCentre(png, scale = 1) {
  const cx = png.width / 2, cy = png.height / 2;
  let best = null;
  for (let y = 0; y < png.height; y += 3) {
    for (let x = 0; x < png.width; x += 3) {
      const i = (y * png.width + x) * 4;
      const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
      if (Math.max(r, g, b) - Math.min(r, g, b) > 40) {
        const d = (x - cx) ** 2 + (y - cy) ** 2;
        if (!best || d < best.d) best = { x, y, d };
      }
    }
  }
  return best && { x: best.x / scale, y: best.y / scale };
}

export async function text(p, selector) {
  return (await p.locator(selector).innerText()).trim();
}

/** Requests that left the site: anything not from `allowed` origin, not data: or blob:. */
export function foreign(requests, allowed) {
  return requests.filter((u) => !u.startsWith(allowed) && !u.startsWith('data:') && !u.startsWith('blob:'));
}
