//! The device operations: `ConfirmDevice`, `UpdateDeviceStatus`, `ForgetDevice`, `ListDevices`,
//! each authorised by the signed-in user's `AccessToken`.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::null_as_default;
use super::wire::{Answer, FromAnswer};
use crate::bounds::{nullable, BoundedList};
use crate::error::Error;

/// `ConfirmDevice` input. The access token is wiped when dropped.
#[derive(Clone, PartialEq, Eq, Serialize, Zeroize, ZeroizeOnDrop)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceRequest {
    pub access_token: String,
    pub device_key: String,
    pub device_name: String,
    pub device_secret_verifier_config: DeviceSecretVerifierConfig,
}

/// The device's SRP verifier and salt, base64.
#[derive(Clone, PartialEq, Eq, Serialize, Zeroize, ZeroizeOnDrop)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceSecretVerifierConfig {
    pub password_verifier: String,
    pub salt: String,
}

/// `ConfirmDevice` output: `UserConfirmationNecessary` (absent or `null` reads as `false`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConfirmDeviceOutput {
    pub user_confirmation_necessary: bool,
}

impl FromAnswer for ConfirmDeviceOutput {
    fn from_answer(answer: Answer) -> Result<Self, Error> {
        Ok(ConfirmDeviceOutput {
            user_confirmation_necessary: answer.user_confirmation_necessary,
        })
    }
}

/// `DeviceRememberedStatus` of `UpdateDeviceStatus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceRememberedStatus {
    Remembered,
    NotRemembered,
}

/// `UpdateDeviceStatus` input.
#[derive(Clone, PartialEq, Eq, Serialize, Zeroize, ZeroizeOnDrop)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateDeviceStatusRequest {
    pub access_token: String,
    pub device_key: String,
    #[zeroize(skip)]
    pub device_remembered_status: DeviceRememberedStatus,
}

/// `ForgetDevice` input.
#[derive(Clone, PartialEq, Eq, Serialize, Zeroize, ZeroizeOnDrop)]
#[serde(rename_all = "PascalCase")]
pub struct ForgetDeviceRequest {
    pub access_token: String,
    pub device_key: String,
}

/// `ListDevices` input: `{AccessToken, PaginationToken?}`.
#[derive(Clone, PartialEq, Eq, Serialize, Zeroize, ZeroizeOnDrop)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesRequest {
    pub access_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

macro_rules! debug_without_token {
    ($($name:ident),*) => {$(
        impl fmt::Debug for $name {
            // The access token never reaches a log.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name)).finish_non_exhaustive()
            }
        }
    )*};
}

debug_without_token!(
    ConfirmDeviceRequest,
    DeviceSecretVerifierConfig,
    UpdateDeviceStatusRequest,
    ForgetDeviceRequest,
    ListDevicesRequest
);

/// One of `ListDevices`' `Devices` (Cognito's `DeviceType`), read with Cognito's names and
/// written for JavaScript as `{ deviceKey, attributes, createDate?, lastModifiedDate?,
/// lastAuthenticatedDate? }`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct DeviceDescription {
    #[serde(rename(serialize = "deviceKey", deserialize = "DeviceKey"))]
    pub device_key: String,
    /// `DeviceAttributes` (`device_name`, `device_status`, `dev:device_remembered_status`, …)
    /// as name → value; written as an object (a repeated name keeps its last value).
    #[serde(
        rename(serialize = "attributes", deserialize = "DeviceAttributes"),
        default,
        deserialize_with = "device_attributes",
        serialize_with = "attribute_object"
    )]
    pub attributes: Vec<DeviceAttribute>,
    /// `DeviceCreateDate`, `DeviceLastModifiedDate`, `DeviceLastAuthenticatedDate`: seconds since
    /// the epoch (a fraction allowed), as Cognito sent them.
    #[serde(
        rename(serialize = "createDate", deserialize = "DeviceCreateDate"),
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub create_date: Option<f64>,
    #[serde(
        rename(serialize = "lastModifiedDate", deserialize = "DeviceLastModifiedDate"),
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_modified_date: Option<f64>,
    #[serde(
        rename(
            serialize = "lastAuthenticatedDate",
            deserialize = "DeviceLastAuthenticatedDate"
        ),
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub last_authenticated_date: Option<f64>,
}

/// One of `DeviceAttributes`: `{Name, Value?}` (an absent value reads as "").
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceAttribute {
    pub name: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub value: String,
}

/// `DeviceAttributes`: at most [`crate::bounds::MAX_LIST_ENTRIES`]; `null` is none.
fn device_attributes<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<DeviceAttribute>, D::Error> {
    nullable(deserializer, BoundedList::new("DeviceAttributes"))
}

fn attribute_object<S: Serializer>(
    attributes: &[DeviceAttribute],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(attributes.len()))?;
    for attribute in attributes {
        map.serialize_entry(&attribute.name, &attribute.value)?;
    }
    map.end()
}

/// `ListDevices` output: the devices and the `PaginationToken` of the next page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListDevicesOutput {
    pub devices: Vec<DeviceDescription>,
    pub pagination_token: Option<String>,
}

impl FromAnswer for ListDevicesOutput {
    fn from_answer(answer: Answer) -> Result<Self, Error> {
        Ok(ListDevicesOutput {
            devices: answer.devices,
            pagination_token: answer.pagination_token,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::protocol::wire::decode_answer;
    use crate::protocol::JsonText;

    #[test]
    fn devices_and_their_attributes_are_bounded() {
        let device = r#"{"DeviceKey":"k","DeviceAttributes":[]}"#;
        let page = |count: usize| format!(r#"{{"Devices":[{}]}}"#, vec![device; count].join(","));
        let read = decode_answer::<ListDevicesOutput, _>(&JsonText(&page(256))).unwrap();
        assert_eq!(read.devices.len(), 256);
        let error = decode_answer::<ListDevicesOutput, _>(&JsonText(&page(257))).unwrap_err();
        assert_eq!(error.name(), "ProtocolError");
        assert!(
            error
                .message()
                .starts_with("Cognito's answer is not valid: Devices has more than 256 entries"),
            "{error}"
        );
        let attribute = r#"{"Name":"n","Value":"v"}"#;
        let attributes = vec![attribute; 257].join(",");
        let body =
            format!(r#"{{"Devices":[{{"DeviceKey":"k","DeviceAttributes":[{attributes}]}}]}}"#);
        let error = decode_answer::<ListDevicesOutput, _>(&JsonText(&body)).unwrap_err();
        assert!(
            error
                .message()
                .contains("DeviceAttributes has more than 256 entries"),
            "{error}"
        );
    }

    #[test]
    fn confirm_device_nests_the_verifier_config() {
        let request = ConfirmDeviceRequest {
            access_token: "tok".into(),
            device_key: "key".into(),
            device_name: "name".into(),
            device_secret_verifier_config: DeviceSecretVerifierConfig {
                password_verifier: "v".into(),
                salt: "s".into(),
            },
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"AccessToken": "tok", "DeviceKey": "key", "DeviceName": "name",
                   "DeviceSecretVerifierConfig": {"PasswordVerifier": "v", "Salt": "s"}})
        );
        assert!(!format!("{request:?}").contains("tok"));
    }

    #[test]
    fn user_confirmation_necessary_reads_as_a_boolean_absent_false() {
        let decode = |body: &str| decode_answer::<ConfirmDeviceOutput, _>(&JsonText(body));
        assert!(
            decode(r#"{"UserConfirmationNecessary":true}"#)
                .unwrap()
                .user_confirmation_necessary
        );
        assert!(!decode("{}").unwrap().user_confirmation_necessary);
        assert!(
            !decode(r#"{"UserConfirmationNecessary":null}"#)
                .unwrap()
                .user_confirmation_necessary
        );
        assert_eq!(
            decode(r#"{"UserConfirmationNecessary":"yes"}"#)
                .unwrap_err()
                .name(),
            "ProtocolError"
        );
    }

    #[test]
    fn update_device_status_spells_the_status_as_cognito_does() {
        let request = UpdateDeviceStatusRequest {
            access_token: "tok".into(),
            device_key: "key".into(),
            device_remembered_status: DeviceRememberedStatus::NotRemembered,
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"AccessToken": "tok", "DeviceKey": "key",
                   "DeviceRememberedStatus": "not_remembered"})
        );
    }

    #[test]
    fn list_devices_omits_an_absent_pagination_token() {
        let request = ListDevicesRequest {
            access_token: "tok".into(),
            pagination_token: None,
        };
        assert_eq!(
            serde_json::to_value(&request).unwrap(),
            json!({"AccessToken": "tok"})
        );
    }

    #[test]
    fn list_devices_decodes_attributes_and_dates() {
        let output: ListDevicesOutput = decode_answer(&JsonText(
            r#"{"Devices":[{"DeviceKey":"k","DeviceAttributes":[{"Name":"device_name","Value":"n"},{"Name":"x"}],
                "DeviceCreateDate":1700000000.5,"DeviceLastAuthenticatedDate":1700000001}],
                "PaginationToken":"p"}"#,
        ))
        .unwrap();
        let device = &output.devices[0];
        assert_eq!(device.device_key, "k");
        assert_eq!(device.attributes[0].name, "device_name");
        assert_eq!(device.attributes[1].value, "");
        assert_eq!(device.create_date, Some(1_700_000_000.5));
        assert_eq!(device.last_modified_date, None);
        assert_eq!(output.pagination_token.as_deref(), Some("p"));
        assert_eq!(
            serde_json::to_value(device).unwrap(),
            json!({"deviceKey": "k", "attributes": {"device_name": "n", "x": ""},
                   "createDate": 1_700_000_000.5, "lastAuthenticatedDate": 1_700_000_001.0})
        );
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
                decode_answer::<ListDevicesOutput, _>(&JsonText(body))
                    .unwrap_err()
                    .name(),
                "ProtocolError",
                "{body}"
            );
        }
    }
}
