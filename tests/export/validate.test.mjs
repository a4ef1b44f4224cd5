// The 3D exports checked by the real tools, for every machine `gvcs list` knows: every GLB by
// the Khronos glTF-Validator (no errors, no warnings), every STL (the whole machine and each
// part) by admesh (closed: no disconnected facets, nothing to fill; consistently oriented: no
// facet to reverse, no backwards edge; stored normals right; positive volume), and every OBJ
// referring to the MTL written beside it.
//
// Run by `cargo xtask test`, or by hand after `cargo build -p gvcs-cli`:
//   npm ci --prefix tests/export && node --test tests/export/
// GVCS_BIN names the CLI binary (default: target/debug/gvcs, under CARGO_TARGET_DIR if set);
// ADMESH the admesh binary.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { validateBytes } from 'gltf-validator';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const GVCS = resolve(process.env.GVCS_BIN || join(process.env.CARGO_TARGET_DIR || join(ROOT, 'target'), 'debug/gvcs'));
const ADMESH = process.env.ADMESH || 'admesh';

assert.ok(existsSync(GVCS), `no gvcs binary at ${GVCS}: run \`cargo build -p gvcs-cli\` or set GVCS_BIN`);

const gvcs = (...args) => execFileSync(GVCS, args, { encoding: 'utf8' });
const machines = JSON.parse(gvcs('list', '--format', 'json')).map((m) => m.id);
const dir = mkdtempSync(join(tmpdir(), 'gvcs-export-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

/** Each machine at its defaults, and any machine with an optional Power Cube with it included. */
const cases = machines.map((id) => ({ id, name: id, set: [] }));
if (machines.includes('ceb-press')) cases.push({ id: 'ceb-press', name: 'ceb-press+power-cube', set: ['--set', 'with_power_cube=1'] });

/** admesh's report on an STL file, as numbers: `Original` column where there are two. */
function admesh(file) {
  const r = spawnSync(ADMESH, [file], { encoding: 'utf8' });
  assert.equal(r.status, 0, `admesh ${file} failed: ${r.stderr}`);
  const stat = (label) => {
    const m = r.stdout.match(new RegExp(`^${label}\\s*:\\s*(-?[\\d.]+)`, 'm'));
    assert.ok(m, `admesh printed no "${label}" for ${file}:\n${r.stdout}`);
    return Number(m[1]);
  };
  return {
    facets: stat('Number of facets'),
    disconnected: stat('Total disconnected facets'),
    degenerate: stat('Degenerate facets'),
    edgesFixed: stat('Edges fixed'),
    facetsRemoved: stat('Facets removed'),
    facetsAdded: stat('Facets added'),
    facetsReversed: stat('Facets reversed'),
    backwardsEdges: stat('Backwards edges'),
    normalsFixed: stat('Normals fixed'),
    volume: stat('Number of parts\\s*:\\s*\\d+\\s+Volume'),
    text: r.stdout,
  };
}

function assertSound(file, a) {
  const bad = ['disconnected', 'degenerate', 'edgesFixed', 'facetsRemoved', 'facetsAdded', 'facetsReversed', 'backwardsEdges', 'normalsFixed']
    .filter((k) => a[k] !== 0);
  assert.deepEqual(bad, [], `admesh found problems in ${file}:\n${a.text}`);
  assert.ok(a.facets > 0, `${file} has no facets`);
  assert.ok(a.volume > 0, `${file} encloses no positive volume:\n${a.text}`);
}

test('there are machines to export', () => {
  assert.ok(machines.includes('ceb-press') && machines.includes('power-cube'), machines.join(', '));
});

for (const c of cases) {
  test(`${c.name}: GLB passes the glTF-Validator, STL passes admesh, OBJ names its MTL`, async () => {
    const base = join(dir, c.name);
    gvcs('export', c.id, '--format', 'glb', ...c.set, '-o', `${base}.glb`);
    const report = await validateBytes(new Uint8Array(readFileSync(`${base}.glb`)), { maxIssues: 0 });
    const { numErrors, numWarnings, messages } = report.issues;
    assert.equal(numErrors + numWarnings, 0, `glTF-Validator on ${c.name}.glb:\n${JSON.stringify(messages, null, 1)}`);
    console.log(`${c.name}.glb: glTF-Validator ${report.validatorVersion}: ${numErrors} errors, ${numWarnings} warnings, `
      + `${report.issues.numInfos} infos, ${report.issues.numHints} hints; ${report.info.totalTriangleCount} triangles, `
      + `${report.info.drawCallCount} meshes, ${report.info.materialCount} materials`);

    gvcs('export', c.id, '--format', 'stl', ...c.set, '-o', `${base}.stl`);
    const whole = admesh(`${base}.stl`);
    assertSound(`${c.name}.stl`, whole);
    assert.equal(whole.facets, report.info.totalTriangleCount, 'the STL and the GLB hold the same triangles');
    console.log(`${c.name}.stl: admesh: ${whole.facets} facets, all connected, none reversed, volume ${whole.volume} mm³`);

    gvcs('export', c.id, '--format', 'stl', '--per-part', ...c.set, '-o', `${base}-parts`);
    const files = readdirSync(`${base}-parts`);
    assert.ok(files.length > 0);
    let facets = 0;
    for (const f of files) {
      const a = admesh(join(`${base}-parts`, f));
      assertSound(`${c.name}-parts/${f}`, a);
      facets += a.facets;
    }
    assert.equal(facets, whole.facets, 'the per-part STLs add up to the whole');
    console.log(`${c.name}-parts: admesh: ${files.length} files, each closed and consistently oriented`);

    gvcs('export', c.id, '--format', 'obj', ...c.set, '-o', `${base}.obj`);
    const obj = readFileSync(`${base}.obj`, 'utf8');
    const mtl = readFileSync(`${base}.mtl`, 'utf8');
    assert.match(obj, new RegExp(`^mtllib ${c.name.replace(/[+]/g, '\\+')}\\.mtl$`, 'm'));
    const defined = new Set([...mtl.matchAll(/^newmtl (\S+)$/gm)].map((m) => m[1]));
    for (const [, used] of obj.matchAll(/^usemtl (\S+)$/gm)) assert.ok(defined.has(used), `${used} is not in the MTL`);
    const faces = obj.match(/^f /gm)?.length ?? 0;
    assert.equal(faces, whole.facets, 'the OBJ holds the same triangles');
  });
}
