//! The few browser services the app needs: the URL fragment, local storage, downloads and
//! the clipboard. Each fails quietly (a browser that blocks storage still runs the app).

use wasm_bindgen::JsCast;

const STORAGE_KEY: &str = "gvcs-last-link";

fn window() -> web_sys::Window {
    gloo::utils::window()
}

/// The current URL fragment, with its `#`.
pub fn fragment() -> String {
    window().location().hash().unwrap_or_default()
}

/// Whether a new fragment replaces the current history entry or adds one.
#[derive(Clone, Copy, PartialEq)]
pub enum History {
    /// A tweak of the same view: no new entry.
    Replace,
    /// A new place to come back to with Back.
    Push,
}

/// Sets the fragment without reloading.
pub fn set_fragment(fragment: &str, mode: History) {
    if fragment == self::fragment() {
        return;
    }
    if let Ok(history) = window().history() {
        let null = wasm_bindgen::JsValue::NULL;
        let _ = match mode {
            History::Replace => history.replace_state_with_url(&null, "", Some(fragment)),
            History::Push => history.push_state_with_url(&null, "", Some(fragment)),
        };
    }
}

/// The whole current URL, for sharing.
pub fn href() -> String {
    window().location().href().unwrap_or_default()
}

pub fn remember(fragment: &str) {
    if let Ok(Some(s)) = window().local_storage() {
        let _ = s.set_item(STORAGE_KEY, fragment);
    }
}

pub fn remembered() -> Option<String> {
    window().local_storage().ok().flatten()?.get_item(STORAGE_KEY).ok().flatten()
}

/// Offers `text` as a file download; the data never leaves the page.
pub fn download(name: &str, mime: &str, text: &str) {
    let blob = gloo::file::Blob::new_with_options(text, Some(mime));
    let url = gloo::file::ObjectUrl::from(blob);
    download_url(name, &url);
    // `url` is revoked when dropped, after the click has started the download.
}

/// Offers `bytes` as a file download.
pub fn download_bytes(name: &str, mime: &str, bytes: &[u8]) {
    let blob = gloo::file::Blob::new_with_options(bytes, Some(mime));
    let url = gloo::file::ObjectUrl::from(blob);
    download_url(name, &url);
}

/// Saves what `url` (an object or data URL) holds as a file called `name`.
pub fn download_url(name: &str, url: &str) {
    let doc = gloo::utils::document();
    if let Ok(a) = doc.create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(url);
        a.set_download(name);
        let _ = gloo::utils::body().append_child(&a);
        a.click();
        a.remove();
    }
}

/// Copies text, then calls `done` with whether the browser allowed it (some refuse the
/// clipboard to pages opened from files).
pub fn copy(text: &str, done: impl FnOnce(bool) + 'static) {
    let navigator = window().navigator();
    // Pages served over plain http (a school server) have no clipboard object at all.
    let available = js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !available {
        done(false);
        return;
    }
    let promise = navigator.clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}

/// Sets the browser tab's title.
pub fn set_title(title: &str) {
    gloo::utils::document().set_title(title);
}

/// Shows a panic's message over the page, so a person sees what happened.
pub fn show_fatal(message: &str) {
    let doc = gloo::utils::document();
    let Ok(div) = doc.create_element("div") else { return };
    div.set_class_name("fatal");
    div.set_attribute("role", "alert").ok();
    div.set_inner_html(
        "<h2>Something went wrong</h2><p>The calculator hit an internal error. Your machine and settings are in the link; \
         reload the page to continue, or reset to the defaults.</p><pre></pre><p><a href=\"#\" onclick=\"location.hash='';location.reload()\">Reset and reload</a></p>",
    );
    if let Ok(Some(pre)) = div.query_selector("pre") {
        pre.set_text_content(Some(message));
    }
    let _ = gloo::utils::body().append_child(&div);
}

/// Makes printing print the one-page sheet instead of the tables (`body[data-print=sheet]`).
pub fn set_print_sheet(on: bool) {
    let body = gloo::utils::body();
    let _ = if on { body.set_attribute("data-print", "sheet") } else { body.remove_attribute("data-print") };
}

/// Marks the page as drawn, for people's tools and the browser tests.
pub fn mark_ready(attribute: &str, value: &str) {
    let _ = gloo::utils::body().set_attribute(attribute, value);
}
