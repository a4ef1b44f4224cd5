// The <gvcs-viewer> element for any page. All the logic is in Rust (gvcs_embed.js and its
// .wasm); this file only defines the element and the `render` function around it.
//
//   <script type="module" src="gvcs-viewer.js"></script>
//   <gvcs-viewer machine="ceb-press" params="bore=5.5&stroke=18" controls="sliders"></gvcs-viewer>
//
// gvcs-viewer.bundle.js is this file with the wasm inlined, as a plain script that also
// works from file://; `cargo xtask embed` writes it by replacing the lines between the markers.

// gvcs:load-begin
import init, * as wasm from './gvcs_embed.js';
const ready = init({ module_or_path: new URL('gvcs_embed_bg.wasm', import.meta.url) }).then(() => wasm);
// gvcs:load-end

class GvcsViewer extends HTMLElement {
  static get observedAttributes() { return ['machine', 'params', 'controls', 'units', 'step']; }

  connectedCallback() {
    ready.then((w) => {
      if (this.isConnected && !this.view) this.view = w.mount(this);
    }).catch((e) => { this.textContent = `The GVCS viewer could not start: ${e}`; });
  }

  disconnectedCallback() {
    this.view?.free();
    this.view = undefined;
  }

  attributeChangedCallback() { this.view?.sync(); }

  /** New parameters, `'bore=5.5&stroke=18'` or `{ bore: 5.5 }`; returns what could not be used. */
  setParams(params) {
    this.setAttribute('params', new URLSearchParams(params));
    return this.messages;
  }

  /** What the element could not use, as it shows them. */
  get messages() { return this.view ? this.view.messages : []; }
}

if (!customElements.get('gvcs-viewer')) customElements.define('gvcs-viewer', GvcsViewer);

/** Shows a machine on your own canvas: `render(canvas, { machine: 'power-cube', params: 'engine_power=20' })`.
 * Resolves to a view with `setParams`, `messages`, `view(side)` and `free()`; rejects for an
 * unknown machine or without WebGL2. The canvas sends `part-picked` events. */
export async function render(canvas, options = {}) {
  return (await ready).render(canvas, options);
}

export { ready };
