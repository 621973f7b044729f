//! `SignedIn`: a sign-in's tokens, the device the client tracks for the user, and the device
//! calls made with the access token.

use std::rc::Rc;

use cognito_core::client::DeviceCall;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::convert::JsAnswer;
use crate::driver::{spawn, start_and_drive, Connection};
use crate::session::forget_stored_device;
use cognito_core::flow::device::token_username;
use wasm_bindgen_futures::JsFuture;

/// A signed-in user: `tokens`, the `device` this client tracks for the user, device calls.
#[wasm_bindgen]
pub struct SignedIn {
    connection: Rc<Connection>,
    tokens: JsValue,
    /// Kept apart: the caller may change the tokens object it is handed.
    access_token: String,
    device: JsValue,
    device_key: Option<String>,
}

impl SignedIn {
    /// The tokens and device as JavaScript objects, with the access token the device calls use.
    pub(crate) fn new(
        connection: Rc<Connection>,
        tokens: JsValue,
        access_token: String,
        device: JsValue,
    ) -> SignedIn {
        let device_key = Reflect::get(&device, &"deviceKey".into())
            .ok()
            .and_then(|key| key.as_string());
        SignedIn {
            connection,
            tokens,
            access_token,
            device,
            device_key,
        }
    }

    fn call(&self, call: DeviceCall) -> Promise {
        let exchange = self.connection.client.borrow().device_call(
            call,
            &self.access_token,
            self.device_key.as_deref(),
        );
        spawn(Box::pin(start_and_drive(self.connection.clone(), exchange)))
    }
}

#[wasm_bindgen]
impl SignedIn {
    /// `{ idToken, accessToken, refreshToken?, expiresIn, tokenType, newDeviceMetadata? }`.
    #[wasm_bindgen(getter)]
    pub fn tokens(&self) -> JsValue {
        self.tokens.clone()
    }

    /// Always `undefined`: what tells a `SignedIn` from a challenge.
    #[wasm_bindgen(getter, js_name = challengeName)]
    pub fn challenge_name(&self) -> JsValue {
        JsValue::UNDEFINED
    }

    /// `{ deviceKey, userConfirmationNecessary }` (a copy), or `undefined`.
    #[wasm_bindgen(getter)]
    pub fn device(&self) -> JsValue {
        copy(&self.device)
    }

    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        let out = Object::new();
        let _ = Reflect::set(&out, &"tokens".into(), &self.tokens);
        if !self.device.is_undefined() {
            let _ = Reflect::set(&out, &"device".into(), &self.device());
        }
        out.into()
    }

    /// `UpdateDeviceStatus` `remembered`: the pool may skip MFA on this device.
    #[wasm_bindgen(js_name = rememberDevice)]
    pub fn remember_device(&self) -> Promise {
        self.call(DeviceCall::Remember)
    }

    /// `ForgetDevice`; the client forgets the device too.
    #[wasm_bindgen(js_name = forgetDevice)]
    pub fn forget_device(&self) -> Promise {
        let forgotten = self.call(DeviceCall::Forget);
        let json = JsAnswer::parse(&JsValue::UNDEFINED);
        let Some(username) = token_username(&self.access_token, &json) else {
            return forgotten;
        };
        let connection = self.connection.clone();
        spawn(Box::pin(async move {
            let done = JsFuture::from(forgotten).await?;
            forget_stored_device(&connection, &username).await?;
            Ok(done)
        }))
    }

    /// `ListDevices`, every page.
    #[wasm_bindgen(js_name = listDevices)]
    pub fn list_devices(&self) -> Promise {
        self.call(DeviceCall::List)
    }
}

/// A shallow copy of an object (arrays stay arrays), or the value itself.
pub fn copy(value: &JsValue) -> JsValue {
    if js_sys::Array::is_array(value) {
        return js_sys::Array::from(value).slice(0, u32::MAX).into();
    }
    if value.is_object() {
        return Object::assign(&Object::new(), value.unchecked_ref()).into();
    }
    value.clone()
}
