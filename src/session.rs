//! The kept session on the JavaScript side: the storage (memory, `localStorage`,
//! `sessionStorage` or the caller's object, whose methods may return Promises), storing a
//! sign-in's tokens, and `currentSession`'s read-refresh-write — one refresh in flight per
//! client, inside a Web Lock (`navigator.locks`) where there is one. The rules (the blob, when to
//! refresh, which failures end a session) are the core's `session` module.

use std::cell::RefCell;
use std::rc::Rc;

use cognito_core::error::Error;
use cognito_core::session::{
    device_storage_key, ends_session, token_claims, Session, StoredDevice, MAX_BLOB_CHARS,
};
use js_sys::{Function, Object, Promise, Reflect, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use zeroize::Zeroizing;

use crate::convert::{to_js, to_json_text, JsAnswer};
use crate::driver::{finish, now_ms, spawn, Connection, Finished};
use crate::js_error;

/// Where a client keeps its session.
pub enum Storage {
    /// In the client: key → value.
    Memory(RefCell<Vec<(String, Zeroizing<String>)>>),
    /// `localStorage`, `sessionStorage` or the caller's `{ getItem, setItem, removeItem }`.
    Object(JsValue),
}

const STORAGE_KINDS: &str =
    "storage, when given, must be \"memory\", \"local\", \"session\" or an object with getItem, setItem and removeItem";

/// The global `name` (`localStorage`, `sessionStorage`) when it can be read and is an object.
fn web_storage(name: &str) -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &name.into())
        .ok()
        .filter(JsValue::is_object)
}

impl Storage {
    /// The config's `storage`: absent is `"local"` where `localStorage` exists, else `"memory"`.
    pub fn from_config(config: &JsValue) -> Result<Storage, JsValue> {
        let value = Reflect::get(config, &"storage".into())
            .map_err(|_| js_error::invalid_parameter("storage cannot be read"))?;
        let memory = || Storage::Memory(RefCell::new(Vec::new()));
        if value.is_undefined() {
            return Ok(web_storage("localStorage").map_or_else(memory, Storage::Object));
        }
        if let Some(kind) = value.as_string() {
            let global = match kind.as_str() {
                "memory" => return Ok(memory()),
                "local" => "localStorage",
                "session" => "sessionStorage",
                _ => return Err(js_error::invalid_parameter(STORAGE_KINDS)),
            };
            return web_storage(global).map(Storage::Object).ok_or_else(|| {
                js_error::invalid_parameter(
                    &[
                        "storage \"",
                        &kind,
                        "\": ",
                        global,
                        " is not available here",
                    ]
                    .concat(),
                )
            });
        }
        if !value.is_object() {
            return Err(js_error::invalid_parameter(STORAGE_KINDS));
        }
        for method in ["getItem", "setItem", "removeItem"] {
            let function = Reflect::get(&value, &method.into()).unwrap_or(JsValue::UNDEFINED);
            if !function.is_function() {
                return Err(js_error::invalid_parameter(STORAGE_KINDS));
            }
        }
        Ok(Storage::Object(value))
    }

    /// Calls `method` of the storage object with `args`, awaiting a returned Promise; a throw or
    /// a rejection is a `StorageError`.
    async fn call(object: &JsValue, method: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
        let failed = || {
            js_error::from_core(&Error::Storage(
                ["the storage's ", method, " failed"].concat().into(),
            ))
        };
        let function = Reflect::get(object, &method.into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .ok_or_else(failed)?;
        let returned = match args {
            [key] => function.call1(object, key),
            [key, value] => function.call2(object, key, value),
            _ => function.call0(object),
        }
        .map_err(|_| failed())?;
        JsFuture::from(Promise::resolve(&returned))
            .await
            .map_err(|_| failed())
    }

    /// The value stored under `key`: a string, or `None` (absent, or not a string).
    async fn get(&self, key: &str) -> Result<Option<JsValue>, JsValue> {
        match self {
            Storage::Memory(entries) => Ok(entries
                .borrow()
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| JsValue::from_str(v))),
            Storage::Object(object) => {
                let value = Storage::call(object, "getItem", &[&key.into()]).await?;
                Ok(value.is_string().then_some(value))
            }
        }
    }

    async fn set(&self, key: &str, value: &JsValue) -> Result<(), JsValue> {
        match self {
            Storage::Memory(entries) => {
                let text = Zeroizing::new(value.as_string().unwrap_or_default());
                let mut entries = entries.borrow_mut();
                entries.retain(|(k, _)| k != key);
                entries.push((key.to_owned(), text));
                Ok(())
            }
            Storage::Object(object) => {
                Storage::call(object, "setItem", &[&key.into(), value]).await?;
                Ok(())
            }
        }
    }

    async fn remove(&self, key: &str) -> Result<(), JsValue> {
        match self {
            Storage::Memory(entries) => {
                entries.borrow_mut().retain(|(k, _)| k != key);
                Ok(())
            }
            Storage::Object(object) => {
                Storage::call(object, "removeItem", &[&key.into()]).await?;
                Ok(())
            }
        }
    }
}

/// The stored session: `None` when there is none; a blob that is too long or unreadable is
/// removed and is no session.
async fn load(connection: &Connection) -> Result<Option<Session>, JsValue> {
    let key = &connection.session_key;
    let Some(text) = connection.storage.get(key).await? else {
        return Ok(None);
    };
    let too_long = js_sys::JsString::from(text.clone()).length() as usize > MAX_BLOB_CHARS;
    let session = if too_long {
        None
    } else {
        Session::from_stored(&JsAnswer::parse(&text)).ok()
    };
    if session.is_none() {
        connection.storage.remove(key).await?;
    }
    Ok(session)
}

async fn save(connection: &Connection, session: &Session) -> Result<(), JsValue> {
    connection
        .storage
        .set(&connection.session_key, &to_json_text(session))
        .await
}

/// Stores the session a sign-in's tokens start (the internal username read from the access
/// token); a storage failure rejects the sign-in with it.
pub async fn store_signed_in(connection: &Connection, session: Session) -> Result<(), JsValue> {
    save(connection, &session).await
}

/// A token's claims as an object, or `null` when its payload is not JSON.
fn claims(token: &str) -> JsValue {
    token_claims(token)
        .and_then(|text| JSON::parse(&text).ok())
        .filter(JsValue::is_object)
        .unwrap_or(JsValue::NULL)
}

/// `{ username, tokens, expiresAt, idTokenClaims, accessTokenClaims }`.
fn view(session: &Session) -> JsValue {
    let object = Object::new();
    let members = [
        ("username", JsValue::from_str(&session.username)),
        ("tokens", to_js(&session.tokens(now_ms()))),
        ("expiresAt", JsValue::from_f64(session.expires_at as f64)),
        ("idTokenClaims", claims(&session.id_token)),
        ("accessTokenClaims", claims(&session.access_token)),
    ];
    for (name, value) in members {
        let _ = Reflect::set(&object, &name.into(), &value);
    }
    object.into()
}

/// The error's `name`, for errors the driver made.
fn error_name(error: &JsValue) -> String {
    Reflect::get(error, &"name".into())
        .ok()
        .and_then(|name| name.as_string())
        .unwrap_or_default()
}

/// Refreshes `session`: the stored refreshed session, or the failure (a refused refresh token
/// ends nothing here; the caller decides).
async fn refresh(connection: &Rc<Connection>, session: Session) -> Result<Session, JsValue> {
    let exchange = connection.client.borrow().refresh(session);
    let flow = Rc::new(RefCell::new(exchange));
    let outcome = {
        let mut client = connection.client.borrow_mut();
        flow.borrow_mut().start(&mut client, None)
    };
    match finish(connection.clone(), flow, outcome).await? {
        Finished::Outcome(cognito_core::client::Outcome::Refreshed(session)) => {
            save(connection, &session).await?;
            Ok(session)
        }
        _ => Err(js_error::protocol("the refresh ended without tokens")),
    }
}

/// Read, refresh when due (or `force`), write: what `currentSession` runs, inside the lock.
async fn read_refresh_write(connection: Rc<Connection>, force: bool) -> Result<JsValue, JsValue> {
    let Some(session) = load(&connection).await? else {
        return Ok(JsValue::NULL);
    };
    let margin = connection.client.borrow().config().refresh_margin_seconds();
    if !force && !session.due(now_ms(), margin) {
        return Ok(view(&session));
    }
    let used = session.refresh_token.clone();
    match refresh(&connection, session).await {
        Ok(session) => {
            connection.emit("tokenRefresh", &view_event(&session));
            Ok(view(&session))
        }
        Err(error) if ends_session(&error_name(&error)) => {
            // Another tab may have rotated the refresh token: a stored one that differs is
            // tried before the session ends.
            if let Some(stored) = load(&connection).await? {
                if stored.refresh_token != used {
                    if !stored.due(now_ms(), margin) {
                        return Ok(view(&stored));
                    }
                    if let Ok(session) = refresh(&connection, stored).await {
                        connection.emit("tokenRefresh", &view_event(&session));
                        return Ok(view(&session));
                    }
                }
            }
            connection.storage.remove(&connection.session_key).await?;
            connection.emit("tokenRefreshFailure", &failure_event(&error));
            connection.emit("signedOut", &reason_event("refreshTokenRefused"));
            Err(error)
        }
        Err(error) => {
            connection.emit("tokenRefreshFailure", &failure_event(&error));
            Err(error)
        }
    }
}

/// `{ username }`.
fn view_event(session: &Session) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(
        &object,
        &"username".into(),
        &session.username.as_str().into(),
    );
    object.into()
}

/// `{ error }`.
fn failure_event(error: &JsValue) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"error".into(), error);
    object.into()
}

/// `{ reason }`.
pub fn reason_event(reason: &str) -> JsValue {
    let object = Object::new();
    let _ = Reflect::set(&object, &"reason".into(), &reason.into());
    object.into()
}

/// `navigator.locks.request`, bound to `navigator.locks`, where it exists.
fn lock_manager() -> Option<(JsValue, Function)> {
    let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
    let locks = Reflect::get(&navigator, &"locks".into())
        .ok()
        .filter(JsValue::is_object)?;
    let request = Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    Some((locks, request))
}

/// `currentSession`'s work: inside a Web Lock named after the storage key where the engine has
/// Web Locks (tabs sharing one storage take turns), else directly.
async fn locked(connection: Rc<Connection>, force: bool) -> Result<JsValue, JsValue> {
    let Some((locks, request)) = lock_manager() else {
        return read_refresh_write(connection, force).await;
    };
    let name = JsValue::from_str(&connection.session_key);
    let inner = connection.clone();
    let task = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
        spawn(Box::pin(read_refresh_write(inner, force))).into()
    });
    match request.call2(&locks, &name, &task) {
        Ok(granted) => JsFuture::from(Promise::resolve(&granted)).await,
        // A lock manager that throws (an opaque origin): go on without it.
        Err(_) => read_refresh_write(connection, force).await,
    }
}

/// `currentSession({ forceRefresh? })`: concurrent calls on one client share the one call in
/// flight (one refresh for all of them).
pub fn current_session(connection: &Rc<Connection>, force: bool) -> Promise {
    if let Some(promise) = connection.in_flight.borrow().as_ref() {
        return promise.clone();
    }
    let shared = connection.clone();
    let promise = spawn(Box::pin(async move {
        let result = locked(shared.clone(), force).await;
        *shared.in_flight.borrow_mut() = None;
        result
    }));
    *connection.in_flight.borrow_mut() = Some(promise.clone());
    promise
}

/// `signOut({ global? })`: once a `currentSession` in flight has settled (its refresh would
/// write the session back), removes the stored session and forgets its device, fires `signedOut`,
/// then revokes (`RevokeToken`, or `GlobalSignOut` with `global`); a failed revocation rejects
/// with its named error, the local state gone all the same. Without a session, nothing is sent.
pub async fn sign_out(connection: Rc<Connection>, global: bool) -> Result<JsValue, JsValue> {
    // A refresh in flight would write its session back after the removal: it ends first.
    let in_flight = connection.in_flight.borrow().clone();
    if let Some(refresh) = in_flight {
        let _ = JsFuture::from(refresh).await;
    }
    let Some(session) = load(&connection).await? else {
        return Ok(JsValue::UNDEFINED);
    };
    end_local(&connection, &session.username, "signOut").await?;
    let exchange = connection.client.borrow_mut().sign_out(&session, global);
    let flow = Rc::new(RefCell::new(exchange));
    let outcome = {
        let mut client = connection.client.borrow_mut();
        flow.borrow_mut().start(&mut client, None)
    };
    finish(connection, flow, outcome).await?;
    Ok(JsValue::UNDEFINED)
}

/// Ends the local state of `username`: the stored session removed, its device forgotten,
/// `signedOut` fired with `reason` (`signOut`, `deleteUser`).
pub async fn end_local(
    connection: &Connection,
    username: &str,
    reason: &str,
) -> Result<(), JsValue> {
    connection.storage.remove(&connection.session_key).await?;
    forget_stored_device(connection, username).await?;
    connection.emit("signedOut", &reason_event(reason));
    Ok(())
}

/// The session a signed-in account operation sends its access token from: `currentSession`'s
/// (refreshed when due, sharing a refresh in flight), or `InvalidStateError` "no user is signed
/// in".
pub async fn signed_in_session(connection: &Rc<Connection>) -> Result<Session, JsValue> {
    JsFuture::from(current_session(connection, false)).await?;
    load(connection)
        .await?
        .ok_or_else(|| js_error::from_core(&Error::InvalidState("no user is signed in".into())))
}

/// The storage key of the device of `username` for this client.
fn device_key_of(connection: &Connection, username: &str) -> String {
    let client = connection.client.borrow();
    let config = client.config();
    device_storage_key(config.user_pool_id(), config.client_id(), username)
}

/// The device blob under `key`: `None` when absent, unreadable or too long.
async fn read_device(connection: &Connection, key: &str) -> Option<StoredDevice> {
    let text = connection.storage.get(key).await.ok()??;
    if js_sys::JsString::from(text.clone()).length() as usize > MAX_BLOB_CHARS {
        return None;
    }
    StoredDevice::from_stored(&JsAnswer::parse(&text)).ok()
}

/// Before a sign-in of `typed_username`: the device stored for that name (checked against the
/// one stored for its internal username) goes into the client, so a reload keeps a remembered
/// device. A stale or unreadable blob is removed; a storage failure only means no device.
pub async fn load_device(connection: &Connection, typed_username: &str) {
    let key = device_key_of(connection, typed_username);
    let Some(device) = read_device(connection, &key).await else {
        let _ = connection.storage.remove(&key).await;
        return;
    };
    let current = if device.username == typed_username {
        true
    } else {
        let internal = device_key_of(connection, &device.username);
        read_device(connection, &internal)
            .await
            .is_some_and(|stored| stored.device_key == device.device_key)
    };
    if current {
        connection
            .client
            .borrow_mut()
            .keep_stored_device(typed_username, &device);
    } else {
        let _ = connection.storage.remove(&key).await;
    }
}

/// After a sign-in that ends with a device: the device the client keeps for the internal
/// `username`, stored under that name and under `typed_username`.
pub async fn store_device(
    connection: &Connection,
    username: &str,
    typed_username: &str,
) -> Result<(), JsValue> {
    let Some(device) = connection.client.borrow().stored_device(username) else {
        return Ok(());
    };
    let blob = to_json_text(&device);
    for name in [username, typed_username] {
        if !name.is_empty() {
            connection
                .storage
                .set(&device_key_of(connection, name), &blob)
                .await?;
        }
    }
    Ok(())
}

/// Removes the device stored for the internal `username` (a typed name's blob that led to it
/// is then stale, and removed when next read).
pub async fn forget_stored_device(connection: &Connection, username: &str) -> Result<(), JsValue> {
    connection
        .storage
        .remove(&device_key_of(connection, username))
        .await
}
