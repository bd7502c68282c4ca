// The panel's width watcher, and the hook that registers <privatelink-panel> (src/define.js)
// for hosts that load the panel's module directly: the JavaScript side of src/lib.rs
// (`#[wasm_bindgen(module = ...)]`), shipped by wasm-bindgen as a snippet beside the panel's
// module. Its own file so that linters and editors see it as JavaScript.

// Sets .plp--narrow on the mount element while it is narrower than `px` (the card layout in
// panel.css); returns the function that stops watching.
// It also tells the panel (a `plp-visible` event on `el`, which does not bubble) when the
// panel comes back from no box at all (`display: none`, a hidden tab of the dashboard): the
// panel does not poll while it has no box, and looks once at once when it shows again.
export function watch_width(el, px) {
  if (typeof ResizeObserver !== 'function') return () => {};
  let hidden = false;
  const ro = new ResizeObserver((entries) => {
    for (const e of entries) {
      // 0 is no width at all (an inline box, a hidden host): not narrow.
      el.classList.toggle('plp--narrow', e.contentRect.width > 0 && e.contentRect.width < px);
      const none = el.getClientRects().length === 0;
      if (hidden && !none) el.dispatchEvent(new Event('plp-visible'));
      hidden = none;
    }
  });
  ro.observe(el);
  return () => { ro.disconnect(); el.classList.remove('plp--narrow'); };
}
// Hosts that import the panel's module themselves (`init()` of privatelink-panel.js, the
// way before the define module) get <privatelink-panel> too: the define module sits three
// folders up from this snippet (snippets/<crate>/src/) in dist/ and in the npm package.
// It registers the element once, whoever imports it first.
export function define_element() {
  import('../../../define.js').catch(() => {});
}
