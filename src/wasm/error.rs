//! Turning an [`EngineError`] into the JavaScript `Error` that is thrown.

use crate::error::EngineError;
use js_sys::{Error, Reflect, JSON};
use wasm_bindgen::JsValue;

/// The result of a binding function: the value, or the `Error` to throw.
pub type JsResult<T> = Result<T, JsValue>;

/// Maps the core's error to the thrown JS error.
pub fn to_js<T>(result: Result<T, EngineError>) -> JsResult<T> {
    result.map_err(|e| js_error(&e))
}

/// A JS `Error` whose message is the readable error, with `code`, `path` and `errors` (a real
/// array of `{code, path, message}` objects) set as own properties.
pub fn js_error(e: &EngineError) -> JsValue {
    let error = Error::new(&e.to_string());
    let target: &JsValue = error.as_ref();
    // The error document is built by serde (one source of truth for its shape) and parsed by
    // the JS engine, so `errors` is an array of plain objects.
    if let Ok(doc) = JSON::parse(&e.to_json()) {
        for key in ["code", "path", "errors", "line"] {
            let key = JsValue::from_str(key);
            if let Ok(value) = Reflect::get(&doc, &key) {
                let _ = Reflect::set(target, &key, &value);
            }
        }
    }
    error.into()
}

/// An error of the binding itself (a call in the wrong order), shaped like the engine's: a JS
/// `Error` with `code`, an empty `path` and `errors` holding the one problem.
pub fn binding_error(code: &str, message: &str) -> JsValue {
    let error = Error::new(&format!("{code}: {message}"));
    let target: &JsValue = error.as_ref();
    let problem = js_sys::Object::new();
    for (key, value) in [("code", code), ("path", ""), ("message", message)] {
        let _ = Reflect::set(&problem, &key.into(), &value.into());
    }
    let _ = Reflect::set(target, &"code".into(), &code.into());
    let _ = Reflect::set(target, &"path".into(), &"".into());
    let _ = Reflect::set(target, &"errors".into(), &js_sys::Array::of1(&problem));
    error.into()
}
