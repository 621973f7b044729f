//! The device operations: `ConfirmDevice`, `UpdateDeviceStatus`, `ForgetDevice`, `ListDevices`,
//! each authorised by the signed-in user's `AccessToken`.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec::Vec;

use super::json::{
    string_object, write_key, write_string_member, write_string_members, Json, Object,
};
use super::{answer_object, invalid_field};
use crate::error::Error;

/// `ConfirmDevice` input: `{AccessToken, DeviceKey, DeviceName, DeviceSecretVerifierConfig:
/// {PasswordVerifier, Salt}}`.
#[must_use]
pub fn confirm_device_json(
    access_token: &str,
    device_key: &str,
    device_name: &str,
    password_verifier_b64: &str,
    salt_b64: &str,
) -> String {
    let mut out = String::from("{");
    write_string_member(&mut out, "AccessToken", access_token);
    write_string_member(&mut out, "DeviceKey", device_key);
    write_string_member(&mut out, "DeviceName", device_name);
    write_key(&mut out, "DeviceSecretVerifierConfig");
    write_string_members(
        &mut out,
        &[
            ("PasswordVerifier", password_verifier_b64),
            ("Salt", salt_b64),
        ],
    );
    out.push('}');
    out
}

/// `ConfirmDevice` output: `UserConfirmationNecessary` (absent reads as `false`).
pub fn decode_confirm_device(body: &str) -> Result<bool, Error> {
    match answer_object(body)?.get("UserConfirmationNecessary") {
        None | Some(Json::Null) => Ok(false),
        Some(Json::Bool(necessary)) => Ok(*necessary),
        Some(_) => Err(invalid_field("UserConfirmationNecessary")),
    }
}

/// `DeviceRememberedStatus` of `UpdateDeviceStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceRememberedStatus {
    Remembered,
    NotRemembered,
}

/// `UpdateDeviceStatus` input: `{AccessToken, DeviceKey, DeviceRememberedStatus}`.
#[must_use]
pub fn update_device_status_json(
    access_token: &str,
    device_key: &str,
    status: DeviceRememberedStatus,
) -> String {
    let status = match status {
        DeviceRememberedStatus::Remembered => "remembered",
        DeviceRememberedStatus::NotRemembered => "not_remembered",
    };
    string_object(&[
        ("AccessToken", access_token),
        ("DeviceKey", device_key),
        ("DeviceRememberedStatus", status),
    ])
}

/// `ForgetDevice` input: `{AccessToken, DeviceKey}`.
#[must_use]
pub fn forget_device_json(access_token: &str, device_key: &str) -> String {
    string_object(&[("AccessToken", access_token), ("DeviceKey", device_key)])
}

/// `ListDevices` input: `{AccessToken, PaginationToken?}`.
#[must_use]
pub fn list_devices_json(access_token: &str, pagination_token: Option<&str>) -> String {
    match pagination_token {
        Some(token) => string_object(&[("AccessToken", access_token), ("PaginationToken", token)]),
        None => string_object(&[("AccessToken", access_token)]),
    }
}

/// One of `ListDevices`' `Devices` (Cognito's `DeviceType`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceDescription {
    pub device_key: String,
    /// `DeviceAttributes` (`device_name`, `device_status`, `dev:device_remembered_status`, …)
    /// as name → value.
    pub attributes: Vec<(String, String)>,
    /// `DeviceCreateDate`, `DeviceLastModifiedDate`, `DeviceLastAuthenticatedDate`: seconds since
    /// the epoch, as the number's text (the JSON reader keeps no floats).
    pub create_date: Option<String>,
    pub last_modified_date: Option<String>,
    pub last_authenticated_date: Option<String>,
}

/// `ListDevices` output: the devices and the `PaginationToken` of the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListDevicesOutput {
    pub devices: Vec<DeviceDescription>,
    pub pagination_token: Option<String>,
}

pub fn decode_list_devices(body: &str) -> Result<ListDevicesOutput, Error> {
    let fields = answer_object(body)?;
    let devices = match fields.get("Devices") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(items)) => {
            let mut devices = Vec::with_capacity(items.len());
            for item in items {
                let device = match item {
                    Json::Object(device) => decode_device(device),
                    _ => None,
                };
                devices.push(device.ok_or_else(|| invalid_field("Devices[]"))?);
            }
            devices
        }
        Some(_) => return Err(invalid_field("Devices")),
    };
    let pagination_token = match fields.get("PaginationToken") {
        None | Some(Json::Null) => None,
        Some(Json::String(token)) => Some(token.clone()),
        Some(_) => return Err(invalid_field("PaginationToken")),
    };
    Ok(ListDevicesOutput {
        devices,
        pagination_token,
    })
}

fn decode_device(device: &Object) -> Option<DeviceDescription> {
    let device_key = device.get("DeviceKey")?.as_str()?.to_owned();
    let attributes = match device.get("DeviceAttributes") {
        None | Some(Json::Null) => Vec::new(),
        Some(Json::Array(items)) => {
            let mut attributes = Vec::with_capacity(items.len());
            for item in items {
                let Json::Object(attribute) = item else {
                    return None;
                };
                let name = attribute.get("Name")?.as_str()?.to_owned();
                let value = match attribute.get("Value") {
                    None | Some(Json::Null) => String::new(),
                    Some(value) => value.as_str()?.to_owned(),
                };
                attributes.push((name, value));
            }
            attributes
        }
        Some(_) => return None,
    };
    let date = |name: &str| match device.get(name) {
        None | Some(Json::Null) => Some(None),
        Some(Json::Number(text)) => Some(Some(text.clone())),
        Some(_) => None,
    };
    Some(DeviceDescription {
        device_key,
        attributes,
        create_date: date("DeviceCreateDate")?,
        last_modified_date: date("DeviceLastModifiedDate")?,
        last_authenticated_date: date("DeviceLastAuthenticatedDate")?,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn to_value(body: &str) -> serde_json::Value {
        serde_json::from_str(body).unwrap()
    }

    #[test]
    fn confirm_device_nests_the_verifier_config() {
        assert_eq!(
            to_value(&confirm_device_json("tok", "key", "name", "v", "s")),
            json!({"AccessToken": "tok", "DeviceKey": "key", "DeviceName": "name",
                   "DeviceSecretVerifierConfig": {"PasswordVerifier": "v", "Salt": "s"}})
        );
    }

    #[test]
    fn user_confirmation_necessary_reads_as_a_boolean_absent_false() {
        assert!(decode_confirm_device(r#"{"UserConfirmationNecessary":true}"#).unwrap());
        assert!(!decode_confirm_device("{}").unwrap());
        assert_eq!(
            decode_confirm_device(r#"{"UserConfirmationNecessary":"yes"}"#)
                .unwrap_err()
                .name(),
            "ProtocolError"
        );
    }

    #[test]
    fn update_device_status_spells_the_status_as_cognito_does() {
        assert_eq!(
            to_value(&update_device_status_json(
                "tok",
                "key",
                DeviceRememberedStatus::NotRemembered
            ))["DeviceRememberedStatus"],
            "not_remembered"
        );
    }

    #[test]
    fn list_devices_decodes_attributes_and_dates() {
        let output = decode_list_devices(
            r#"{"Devices":[{"DeviceKey":"k","DeviceAttributes":[{"Name":"device_name","Value":"n"}],
                "DeviceCreateDate":1700000000.5,"DeviceLastAuthenticatedDate":1700000001}],
                "PaginationToken":"p"}"#,
        )
        .unwrap();
        let device = &output.devices[0];
        assert_eq!(device.device_key, "k");
        assert_eq!(device.attributes, vec![("device_name".into(), "n".into())]);
        assert_eq!(device.create_date.as_deref(), Some("1700000000.5"));
        assert_eq!(device.last_modified_date, None);
        assert_eq!(output.pagination_token.as_deref(), Some("p"));
    }

    #[test]
    fn malformed_list_devices_is_a_protocol_error() {
        for body in [
            "[]",
            r#"{"Devices":{}}"#,
            r#"{"Devices":[{"DeviceAttributes":[]}]}"#,
            r#"{"Devices":[{"DeviceKey":"k","DeviceCreateDate":"x"}]}"#,
        ] {
            assert_eq!(
                decode_list_devices(body).unwrap_err().name(),
                "ProtocolError"
            );
        }
    }
}
