//! `CognitoClient`: the package's entry class, a client of one user pool and app client.

use std::cell::RefCell;
use std::rc::Rc;

use cognito_core::client::{input, AccountCall, Client, DeviceCall, Exchange, Outcome};
use cognito_core::error::Error;
use cognito_core::protocol::Operation;
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::driver::{drive, precompute_when_idle, spawn, start_and_drive, Connection, Flow};
use crate::session::{self, Storage};
use crate::{convert, js_error};
use cognito_core::session::storage_key;

/// A client of one Cognito user pool and app client.
#[wasm_bindgen]
pub struct CognitoClient {
    connection: Rc<Connection>,
    /// What the `userContextData` hook is told besides the username (not the client secret).
    user_pool_id: String,
    client_id: String,
}

/// The config's function-valued member `name`: absent, or a function.
fn function_member(config: &JsValue, name: &str) -> Result<Option<Function>, JsValue> {
    let value = Reflect::get(config, &name.into())
        .map_err(|_| js_error::invalid_parameter(&[name, " cannot be read"].concat()))?;
    if value.is_undefined() {
        return Ok(None);
    }
    value.dyn_into::<Function>().map(Some).map_err(|_| {
        js_error::invalid_parameter(&[name, ", when given, must be a function"].concat())
    })
}

/// The boolean member `name` of an options object (`what`), `false` when absent; options may be
/// `undefined` or `null`.
fn flag(options: &JsValue, name: &str, what: &str) -> Result<bool, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(false);
    }
    if !options.is_object() {
        return Err(js_error::invalid_parameter(
            &[what, ", when given, must be an object"].concat(),
        ));
    }
    let value = Reflect::get(options, &name.into())
        .map_err(|_| js_error::invalid_parameter(&[name, " cannot be read"].concat()))?;
    match value.as_bool() {
        Some(flag) => Ok(flag),
        None if value.is_undefined() => Ok(false),
        None => Err(js_error::invalid_parameter(
            &[name, ", when given, must be a boolean"].concat(),
        )),
    }
}

#[wasm_bindgen]
impl CognitoClient {
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<CognitoClient, JsValue> {
        if !config.is_object() {
            return Err(js_error::invalid_parameter(
                "the CognitoClient config must be an object",
            ));
        }
        // Read once: the caller may change the object later. The core checks every field.
        let fetch = function_member(&config, "fetch")?;
        let user_context_data = function_member(&config, "userContextData")?;
        let fields = convert::input_from_js(
            &config,
            "the CognitoClient config",
            Some(input::CONFIG_FIELDS),
        )?;
        let client = Client::new(fields).map_err(|error| js_error::from_core(&error))?;
        let user_pool_id = client.config().user_pool_id().to_owned();
        let client_id = client.config().client_id().to_owned();
        let storage = Storage::from_config(&config)?;
        let session_key = storage_key(&user_pool_id, &client_id);
        let connection = Rc::new(Connection {
            client: RefCell::new(client),
            fetch,
            user_context_data,
            storage,
            session_key,
            in_flight: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
            next_listener: std::cell::Cell::new(0),
        });
        precompute_when_idle(&connection);
        Ok(CognitoClient {
            connection,
            user_pool_id,
            client_id,
        })
    }

    /// Starts a sign-in: resolves to a `SignedIn` or to a challenge object.
    #[wasm_bindgen(js_name = signIn)]
    pub fn sign_in(&self, input: JsValue) -> Promise {
        let promise = self.run(&input, None);
        precompute_when_idle(&self.connection);
        promise
    }

    /// `currentSession({ forceRefresh? })`: the stored session, refreshed when its tokens expire
    /// within `refreshMarginSeconds` (or always with `forceRefresh`), or `null`.
    #[wasm_bindgen(js_name = currentSession)]
    pub fn current_session(&self, options: JsValue) -> Promise {
        match flag(&options, "forceRefresh", "the currentSession options") {
            Ok(force) => session::current_session(&self.connection, force),
            Err(error) => Promise::reject(&error),
        }
    }

    /// `signOut({ global? })`: clears the stored session and its device, then revokes the refresh
    /// token (`RevokeToken`) or, with `global`, every session of the user (`GlobalSignOut`).
    #[wasm_bindgen(js_name = signOut)]
    pub fn sign_out(&self, options: JsValue) -> Promise {
        match flag(&options, "global", "the signOut options") {
            Ok(global) => spawn(Box::pin(session::sign_out(self.connection.clone(), global))),
            Err(error) => Promise::reject(&error),
        }
    }

    /// `on(event, listener)`: calls `listener(payload)` on each `event` (`signedIn`,
    /// `tokenRefresh`, `tokenRefreshFailure`, `signedOut`); returns the function that
    /// unsubscribes it.
    pub fn on(&self, event: JsValue, listener: JsValue) -> Result<JsValue, JsValue> {
        let event = match event.as_string().as_deref() {
            Some("signedIn") => "signedIn",
            Some("tokenRefresh") => "tokenRefresh",
            Some("tokenRefreshFailure") => "tokenRefreshFailure",
            Some("signedOut") => "signedOut",
            _ => {
                return Err(js_error::invalid_parameter(
                    "event must be \"signedIn\", \"tokenRefresh\", \"tokenRefreshFailure\" or \"signedOut\"",
                ))
            }
        };
        let listener = listener
            .dyn_into::<Function>()
            .map_err(|_| js_error::invalid_parameter("listener must be a function"))?;
        let id = self.connection.next_listener.get().wrapping_add(1);
        self.connection.next_listener.set(id);
        self.connection
            .listeners
            .borrow_mut()
            .push((id, event, listener));
        let weak = Rc::downgrade(&self.connection);
        Ok(Closure::<dyn FnMut()>::new(move || {
            if let Some(connection) = weak.upgrade() {
                connection
                    .listeners
                    .borrow_mut()
                    .retain(|(listener, _, _)| *listener != id);
            }
        })
        .into_js_value())
    }

    /// `SignUp`: resolves to `{ userConfirmed, userSub, codeDelivery? }`.
    #[wasm_bindgen(js_name = signUp)]
    pub fn sign_up(&self, input: JsValue) -> Promise {
        self.run(&input, Some(AccountCall::SignUp))
    }

    /// `ConfirmSignUp`: resolves to `undefined`.
    #[wasm_bindgen(js_name = confirmSignUp)]
    pub fn confirm_sign_up(&self, input: JsValue) -> Promise {
        self.run(&input, Some(AccountCall::ConfirmSignUp))
    }

    /// `ResendConfirmationCode`: resolves to `{ codeDelivery }`.
    #[wasm_bindgen(js_name = resendSignUpCode)]
    pub fn resend_sign_up_code(&self, input: JsValue) -> Promise {
        self.run(&input, Some(AccountCall::ResendSignUpCode))
    }

    /// `ForgotPassword`: resolves to `{ codeDelivery }`.
    #[wasm_bindgen(js_name = forgotPassword)]
    pub fn forgot_password(&self, input: JsValue) -> Promise {
        self.run(&input, Some(AccountCall::ForgotPassword))
    }

    /// `ConfirmForgotPassword`: resolves to `undefined`.
    #[wasm_bindgen(js_name = confirmForgotPassword)]
    pub fn confirm_forgot_password(&self, input: JsValue) -> Promise {
        self.run(&input, Some(AccountCall::ConfirmForgotPassword))
    }

    /// `changePassword({ previousPassword, proposedPassword })`: `ChangePassword` with the
    /// current session's access token.
    #[wasm_bindgen(js_name = changePassword)]
    pub fn change_password(&self, input: JsValue) -> Promise {
        self.signed_in(&input, AccountCall::ChangePassword)
    }

    /// `getUser()`: `{ username, attributes, preferredMfa?, mfaSettings }` of the signed-in
    /// user.
    #[wasm_bindgen(js_name = getUser)]
    pub fn get_user(&self) -> Promise {
        self.signed_in(&Object::new(), AccountCall::GetUser)
    }

    /// `deleteUser()`: `DeleteUser`, then the stored session and device removed and `signedOut`
    /// fired (reason `deleteUser`).
    #[wasm_bindgen(js_name = deleteUser)]
    pub fn delete_user(&self) -> Promise {
        self.signed_in(&Object::new(), AccountCall::DeleteUser)
    }

    /// `updateUserAttributes({ attributes, clientMetadata? })`: `UpdateUserAttributes`;
    /// resolves to `{ codeDeliveries }` (one per changed attribute a verification code went
    /// out for).
    #[wasm_bindgen(js_name = updateUserAttributes)]
    pub fn update_user_attributes(&self, input: JsValue) -> Promise {
        self.signed_in(&input, AccountCall::UpdateUserAttributes)
    }

    /// `sendUserAttributeVerificationCode({ attributeName, clientMetadata? })`:
    /// `GetUserAttributeVerificationCode`; resolves to `{ codeDelivery }`.
    #[wasm_bindgen(js_name = sendUserAttributeVerificationCode)]
    pub fn send_user_attribute_verification_code(&self, input: JsValue) -> Promise {
        self.signed_in(&input, AccountCall::SendUserAttributeVerificationCode)
    }

    /// `verifyUserAttribute({ attributeName, code })`: `VerifyUserAttribute`.
    #[wasm_bindgen(js_name = verifyUserAttribute)]
    pub fn verify_user_attribute(&self, input: JsValue) -> Promise {
        self.signed_in(&input, AccountCall::VerifyUserAttribute)
    }

    /// `deleteUserAttributes({ attributeNames })`: `DeleteUserAttributes`.
    #[wasm_bindgen(js_name = deleteUserAttributes)]
    pub fn delete_user_attributes(&self, input: JsValue) -> Promise {
        self.signed_in(&input, AccountCall::DeleteUserAttributes)
    }

    /// `setupTotp()`: `AssociateSoftwareToken` with the access token; resolves to a
    /// `TotpSetup` (`secretCode`, `uri(issuer, accountName)`).
    #[wasm_bindgen(js_name = setupTotp)]
    pub fn setup_totp(&self) -> Promise {
        self.signed_in(&Object::new(), AccountCall::SetupTotp)
    }

    /// `verifyTotp({ code, friendlyDeviceName? })`: `VerifySoftwareToken` with the access
    /// token; the authenticator is then the user's TOTP factor (enabled by `setMfaPreference`).
    #[wasm_bindgen(js_name = verifyTotp)]
    pub fn verify_totp(&self, input: JsValue) -> Promise {
        self.signed_in(&input, AccountCall::VerifyTotp)
    }

    /// `setMfaPreference({ totp?, sms?, email? })`, each `"preferred"`, `"enabled"` or
    /// `"disabled"`: `SetUserMFAPreference`.
    #[wasm_bindgen(js_name = setMfaPreference)]
    pub fn set_mfa_preference(&self, input: JsValue) -> Promise {
        self.signed_in(&input, AccountCall::SetMfaPreference)
    }

    /// `listDevices()`: the signed-in user's devices (`ListDevices`, every page).
    #[wasm_bindgen(js_name = listDevices)]
    pub fn list_devices(&self) -> Promise {
        self.device(DeviceCall::List, &JsValue::UNDEFINED)
    }

    /// `rememberDevice()`: `UpdateDeviceStatus` `remembered` for the session's device.
    #[wasm_bindgen(js_name = rememberDevice)]
    pub fn remember_device(&self) -> Promise {
        self.device(DeviceCall::Remember, &JsValue::UNDEFINED)
    }

    /// `forgetDevice(deviceKey?)`: `ForgetDevice` of `deviceKey`, or of the session's device,
    /// which the client and the storage then forget too.
    #[wasm_bindgen(js_name = forgetDevice)]
    pub fn forget_device(&self, device_key: JsValue) -> Promise {
        self.device(DeviceCall::Forget, &device_key)
    }

    /// A device call with the current session's access token: on `device_key` when given
    /// (`forgetDevice`), else on the session's device.
    fn device(&self, call: DeviceCall, device_key: &JsValue) -> Promise {
        let given = if device_key.is_undefined() || device_key.is_null() {
            None
        } else {
            match device_key.as_string() {
                Some(key) if !key.is_empty() => Some(key),
                _ => {
                    return Promise::reject(&js_error::invalid_parameter(
                        "deviceKey, when given, must be a non-empty string",
                    ))
                }
            }
        };
        let connection = self.connection.clone();
        spawn(Box::pin(async move {
            let session = session::signed_in_session(&connection).await?;
            let key = given.or_else(|| session.device_key.clone());
            let own = key.is_some() && key == session.device_key;
            let exchange =
                connection
                    .client
                    .borrow()
                    .device_call(call, &session.access_token, key.as_deref());
            let result = start_and_drive(connection.clone(), exchange).await?;
            if call == DeviceCall::Forget && own {
                session::forget_stored_device(&connection, &session.username).await?;
            }
            Ok(result)
        }))
    }

    /// A signed-in account operation: the input read (a mistake rejects before anything is
    /// sent), then the current session's access token (refreshed when due; no session is an
    /// `InvalidStateError`), one request, never retried.
    fn signed_in(&self, input: &JsValue, call: AccountCall) -> Promise {
        let mut exchange = match self.read(input, Some(call)) {
            Ok(exchange) => exchange,
            Err(error) => return Promise::reject(&error),
        };
        let connection = self.connection.clone();
        spawn(Box::pin(async move {
            let session = session::signed_in_session(&connection).await?;
            exchange.set_access_token(&session.access_token);
            let result = start_and_drive(connection.clone(), exchange).await?;
            if call == AccountCall::DeleteUser {
                session::end_local(&connection, &session.username, "deleteUser").await?;
            }
            Ok(result)
        }))
    }

    /// A sign-in (`call` `None`) or an account operation, driven to its result. A sign-in
    /// first reads the device stored for the name typed.
    fn run(&self, input: &JsValue, call: Option<AccountCall>) -> Promise {
        let exchange = match self.read(input, call) {
            Ok(exchange) => exchange,
            Err(error) => return Promise::reject(&error),
        };
        let typed = match (call, exchange.username_to_start()) {
            (None, Some(username)) => username.to_owned(),
            _ => {
                return match self.start(exchange) {
                    Ok((flow, outcome)) => {
                        spawn(Box::pin(drive(self.connection.clone(), flow, outcome)))
                    }
                    Err(error) => Promise::reject(&error),
                }
            }
        };
        let this = CognitoClient {
            connection: self.connection.clone(),
            user_pool_id: self.user_pool_id.clone(),
            client_id: self.client_id.clone(),
        };
        spawn(Box::pin(async move {
            session::load_device(&this.connection, &typed).await;
            let (flow, outcome) = this.start(exchange)?;
            drive(this.connection.clone(), flow, outcome).await
        }))
    }

    /// Reads the input into its exchange.
    fn read(&self, input: &JsValue, call: Option<AccountCall>) -> Result<Exchange, JsValue> {
        let (what, names) = match call {
            None => ("the signIn input", input::SIGN_IN_FIELDS),
            Some(call) => (call.what(), call.fields()),
        };
        let fields = convert::input_from_js(input, what, Some(names))?;
        let client = self.connection.client.borrow();
        Ok(match call {
            None => client.sign_in(fields),
            Some(call) => client.account(call, fields),
        })
    }

    /// Asks the `userContextData` hook and makes the exchange's first request.
    fn start(&self, mut exchange: Exchange) -> Result<(Flow, Result<Outcome, Error>), JsValue> {
        let user_context_data = match exchange.username_to_start() {
            Some(username) => self.ask_user_context_data(username)?,
            None => None,
        };
        let outcome = {
            let mut client = self.connection.client.borrow_mut();
            exchange.start(&mut client, user_context_data)
        };
        Ok((Rc::new(RefCell::new(exchange)), outcome))
    }

    /// Advanced security's `EncodedData` for this sign-in or account operation, from the
    /// config's hook.
    fn ask_user_context_data(&self, username: &str) -> Result<Option<String>, JsValue> {
        let Some(hook) = &self.connection.user_context_data else {
            return Ok(None);
        };
        let input = Object::new();
        for (name, value) in [
            ("username", username),
            ("userPoolId", &self.user_pool_id),
            ("clientId", &self.client_id),
        ] {
            let _ = Reflect::set(&input, &name.into(), &value.into());
        }
        let value = hook
            .call1(&JsValue::UNDEFINED, &input)
            .map_err(|_| js_error::invalid_parameter("the userContextData hook threw"))?;
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        value.as_string().map(Some).ok_or_else(|| {
            js_error::invalid_parameter(
                "the userContextData hook must return a string or undefined",
            )
        })
    }

    /// The raw layer: Cognito's own `InitiateAuth` input, completed (`ClientId`, `SECRET_HASH`);
    /// resolves to Cognito's own output.
    #[wasm_bindgen(js_name = initiateAuth)]
    pub fn initiate_auth(&self, input: JsValue) -> Promise {
        self.raw(Operation::InitiateAuth, &input, "the InitiateAuth input")
    }

    /// The raw layer's `RespondToAuthChallenge`.
    #[wasm_bindgen(js_name = respondToAuthChallenge)]
    pub fn respond_to_auth_challenge(&self, input: JsValue) -> Promise {
        self.raw(
            Operation::RespondToAuthChallenge,
            &input,
            "the RespondToAuthChallenge input",
        )
    }

    fn raw(&self, operation: Operation, input: &JsValue, what: &str) -> Promise {
        let input = match convert::from_js(input, what) {
            Ok(input) => input,
            Err(error) => return Promise::reject(&error),
        };
        let exchange = self.connection.client.borrow().raw(operation, input);
        spawn(Box::pin(start_and_drive(self.connection.clone(), exchange)))
    }
}
