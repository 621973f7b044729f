//! `SignedIn`: what a completed sign-in resolves to. Its tokens, the device this client confirmed
//! for the user, and the device calls made with the sign-in's access token.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::client::Connection;
use super::convert::{device_info_to_js, devices_to_js, to_js_error, tokens_to_js};
use crate::error::Error;
use crate::flow::device::{confirm_device, token_username};
use crate::protocol::device::{
    decode_confirm_device, decode_list_devices, forget_device_json, list_devices_json,
    update_device_status_json, DeviceRememberedStatus,
};
use crate::protocol::{AuthenticationResult, Operation};
use crate::srp::OsRandom;

/// How many `ListDevices` pages `listDevices` follows (Cognito's default page holds 60).
const MAX_DEVICE_PAGES: usize = 20;

/// A signed-in user: `tokens`, the `device` this client tracks for the user, and
/// `rememberDevice`, `forgetDevice`, `listDevices` with this sign-in's access token.
#[wasm_bindgen]
pub struct SignedIn {
    tokens: JsValue,
    access_token: String,
    /// The tracked device: its `DeviceKey` and `UserConfirmationNecessary` (false for a device
    /// confirmed by an earlier sign-in).
    device: Option<(String, bool)>,
    connection: Rc<Connection>,
}

/// Confirms the device when the tokens carry `NewDeviceMetadata` (`ConfirmDevice`, then the
/// store keeps it under the access token's `username` claim and `typed_username`), and wraps the
/// tokens. A failed `ConfirmDevice` fails the sign-in, as in the official client.
pub(super) async fn signed_in(
    connection: &Rc<Connection>,
    result: AuthenticationResult,
    typed_username: &str,
) -> Result<SignedIn, Error> {
    let username = token_username(&result.access_token);
    let device = match (&result.new_device_metadata, &username) {
        (Some(_), None) => {
            return Err(Error::protocol(
                "the access token has no username claim to keep the new device under",
            ))
        }
        (Some(metadata), Some(username)) => {
            let (body, device) = confirm_device(
                &result.access_token,
                metadata,
                connection.device_name(),
                &mut OsRandom,
            )?;
            let reply = connection
                .transport()
                .call(Operation::ConfirmDevice, &body)
                .await?;
            let user_confirmation_necessary = decode_confirm_device(&reply)?;
            let device_key = device.device_key.clone();
            connection
                .devices()
                .borrow_mut()
                .insert(username, typed_username, device);
            Some((device_key, user_confirmation_necessary))
        }
        (None, Some(username)) => connection
            .devices()
            .borrow()
            .device_for(username)
            .map(|device| (device.device_key.clone(), false)),
        (None, None) => None,
    };
    Ok(SignedIn {
        tokens: tokens_to_js(&result),
        access_token: result.access_token,
        device,
        connection: Rc::clone(connection),
    })
}

#[wasm_bindgen]
impl SignedIn {
    /// The tokens of the sign-in.
    #[wasm_bindgen(getter, unchecked_return_type = "Tokens")]
    pub fn tokens(&self) -> JsValue {
        self.tokens.clone()
    }

    /// Always `undefined` on a signed-in result: lets TypeScript narrow a `SignInResult` with
    /// `if (step.challengeName)` as well as with `if (step.tokens)`.
    #[wasm_bindgen(getter, js_name = challengeName, unchecked_return_type = "undefined")]
    pub fn challenge_name(&self) -> JsValue {
        JsValue::UNDEFINED
    }

    /// The device this client tracks for the user (confirmed now or by an earlier sign-in of
    /// this client), or `undefined` when the pool does not track devices.
    #[wasm_bindgen(getter, unchecked_return_type = "DeviceInfo | undefined")]
    pub fn device(&self) -> JsValue {
        match &self.device {
            Some((key, necessary)) => device_info_to_js(key, *necessary),
            None => JsValue::UNDEFINED,
        }
    }

    /// `{ tokens, device? }`, for `JSON.stringify` (the getters live on the class).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "{ tokens: Tokens; device?: DeviceInfo }")]
    pub fn to_json(&self) -> JsValue {
        let object = js_sys::Object::new();
        // Defining data properties on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&object, &"tokens".into(), &self.tokens);
        if self.device.is_some() {
            let _ = js_sys::Reflect::set(&object, &"device".into(), &self.device());
        }
        object.into()
    }

    /// Remembers the device (`UpdateDeviceStatus` `remembered`): the pool may then skip MFA on
    /// it. Rejects with `InvalidStateError` when there is no device.
    #[wasm_bindgen(js_name = rememberDevice, unchecked_return_type = "Promise<void>")]
    pub fn remember_device(&self) -> Promise {
        let body = self.device_key().map(|key| {
            update_device_status_json(&self.access_token, &key, DeviceRememberedStatus::Remembered)
        });
        let connection = Rc::clone(&self.connection);
        future_to_promise(async move {
            let call = async {
                connection
                    .transport()
                    .call(Operation::UpdateDeviceStatus, &body?)
                    .await
            };
            call.await
                .map(|_| JsValue::UNDEFINED)
                .map_err(|error| to_js_error(&error))
        })
    }

    /// Forgets the device at Cognito (`ForgetDevice`) and in this client: the next sign-in sends
    /// no `DEVICE_KEY`. Rejects with `InvalidStateError` when there is no device.
    #[wasm_bindgen(js_name = forgetDevice, unchecked_return_type = "Promise<void>")]
    pub fn forget_device(&self) -> Promise {
        let key = self.device_key();
        let access_token = self.access_token.clone();
        let connection = Rc::clone(&self.connection);
        future_to_promise(async move {
            let call = async {
                let key = key?;
                connection
                    .transport()
                    .call(
                        Operation::ForgetDevice,
                        &forget_device_json(&access_token, &key),
                    )
                    .await?;
                connection.devices().borrow_mut().forget(&key);
                Ok::<_, Error>(())
            };
            call.await
                .map(|()| JsValue::UNDEFINED)
                .map_err(|error| to_js_error(&error))
        })
    }

    /// The user's devices (`ListDevices`, every page).
    #[wasm_bindgen(js_name = listDevices, unchecked_return_type = "Promise<Device[]>")]
    pub fn list_devices(&self) -> Promise {
        let access_token = self.access_token.clone();
        let connection = Rc::clone(&self.connection);
        future_to_promise(async move {
            let call = async {
                let mut devices = Vec::new();
                let mut page: Option<String> = None;
                for _ in 0..MAX_DEVICE_PAGES {
                    let body = list_devices_json(&access_token, page.as_deref());
                    let reply = connection
                        .transport()
                        .call(Operation::ListDevices, &body)
                        .await?;
                    let output = decode_list_devices(&reply)?;
                    devices.extend(output.devices);
                    page = output.pagination_token;
                    if page.is_none() {
                        break;
                    }
                }
                Ok::<_, Error>(devices_to_js(&devices))
            };
            call.await.map_err(|error| to_js_error(&error))
        })
    }
}

impl SignedIn {
    fn device_key(&self) -> Result<String, Error> {
        self.device
            .as_ref()
            .map(|(key, _)| key.clone())
            .ok_or_else(|| {
                Error::InvalidState(
                    "this sign-in has no device (the pool does not track devices)".into(),
                )
            })
    }
}
