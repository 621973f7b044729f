//! `MFA_SETUP` with TOTP: `AssociateSoftwareToken` (Session) gives the secret and a new Session,
//! `VerifySoftwareToken` (Session, UserCode) proves the authenticator has it and gives the Session
//! that `RespondToAuthChallenge(MFA_SETUP)` completes the sign-in with.
//!
//! `MFA_SETUP` by email (where `MFAS_CAN_SETUP` offers `EMAIL_OTP`): `RespondToAuthChallenge
//! (MFA_SETUP)` with `EMAIL` and the challenge's Session; Cognito answers with an `EMAIL_OTP`
//! challenge (the code sent to that address), answered like any other.
//!
//! ```text
//! ChallengeSlot .associate_software_token() ─AssociateSoftwareToken─▶ .receive_software_token()
//!     ─▶ TotpSecret (the session moves on)
//! ChallengeSlot .verify_software_token(code) ─VerifySoftwareToken─▶ .receive_verified()
//!     ─▶ RespondToAuthChallenge(MFA_SETUP) + AwaitingChallengeResult ─▶ .receive() as any answer
//! ChallengeSlot .setup_email(address) ─RespondToAuthChallenge(MFA_SETUP, EMAIL)─▶ .receive()
//!     ─▶ the EMAIL_OTP challenge
//! ```
//!
//! A rejected code (`EnableSoftwareTokenMFAException`, `CodeMismatchException`) leaves the
//! challenge in its slot for another code; any other outcome spends it.

use alloc::borrow::ToOwned;
use alloc::string::String;

use crate::protocol::Params;

use super::challenge::{comma_list, AwaitingChallengeResult, ChallengeKind, ChallengeSlot};
use crate::error::Error;
use crate::protocol::names::{EMAIL, EMAIL_OTP, MFA_SETUP};
use crate::protocol::software_token::{
    AssociateSoftwareTokenOutput, AssociateSoftwareTokenRequest, VerifySoftwareTokenOutput,
    VerifySoftwareTokenRequest,
};
use crate::protocol::wire::invalid_answer;
use crate::protocol::RespondToAuthChallengeRequest;

/// The exceptions after which another TOTP code may be tried with the same session.
const CODE_REJECTED: [&str; 2] = ["EnableSoftwareTokenMFAException", "CodeMismatchException"];

/// The TOTP secret of an `MFA_SETUP` challenge, for the user's authenticator app: written as
/// `{ secretCode }` for JavaScript, wiped when dropped.
#[derive(Clone, PartialEq, Eq, serde::Serialize, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
#[serde(rename_all = "camelCase")]
pub struct TotpSecret {
    /// Cognito's `SecretCode` (base32).
    pub secret_code: String,
}

impl core::fmt::Debug for TotpSecret {
    // Hand-written so that the secret never reaches a log.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TotpSecret").finish_non_exhaustive()
    }
}

impl TotpSecret {
    /// The secret of `AssociateSoftwareToken`'s answer, inside `MFA_SETUP` or with an access
    /// token: an empty `SecretCode` is a [`Error::Protocol`].
    pub fn from_output(output: &mut AssociateSoftwareTokenOutput) -> Result<TotpSecret, Error> {
        if output.secret_code.is_empty() {
            return Err(invalid_answer("SecretCode is empty"));
        }
        Ok(TotpSecret {
            secret_code: core::mem::take(&mut output.secret_code),
        })
    }

    /// `otpauth://totp/<issuer>:<account>?secret=<SecretCode>&issuer=<issuer>`, each part
    /// percent-encoded (as `encodeURIComponent` does): ready for a QR code.
    #[must_use]
    pub fn uri(&self, issuer: &str, account_name: &str) -> String {
        let issuer = percent_encode(issuer);
        [
            "otpauth://totp/",
            &issuer,
            ":",
            &percent_encode(account_name),
            "?secret=",
            &percent_encode(&self.secret_code),
            "&issuer=",
            &issuer,
        ]
        .concat()
    }
}

/// `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` as `%XX` of its UTF-8.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            for digit in [byte >> 4, byte & 0xf] {
                let digit = char::from_digit(digit.into(), 16).unwrap_or('0');
                out.push(digit.to_ascii_uppercase());
            }
        }
    }
    out
}

/// `VerifySoftwareToken` was sent; its reply goes to [`ChallengeSlot::receive_verified`].
#[derive(Debug)]
pub struct AwaitingTotpVerified {
    sent: AwaitingChallengeResult,
}

impl ChallengeSlot {
    /// The `AssociateSoftwareToken` request for the `MFA_SETUP` challenge in this slot. An
    /// answered challenge is an [`Error::InvalidState`]; another challenge, or one without a
    /// `Session`, an [`Error::InvalidParameter`].
    pub fn associate_software_token(&self) -> Result<AssociateSoftwareTokenRequest, Error> {
        let session = self.mfa_setup_session()?;
        Ok(AssociateSoftwareTokenRequest {
            session: session.to_owned(),
        })
    }

    /// Reads `AssociateSoftwareToken`'s answer: the secret, and the Session the verification
    /// must carry. An empty `SecretCode` is a [`Error::Protocol`].
    pub fn receive_software_token(
        &mut self,
        mut output: AssociateSoftwareTokenOutput,
    ) -> Result<TotpSecret, Error> {
        let secret = TotpSecret::from_output(&mut output)?;
        if let Some(session) = output.session.take() {
            self.set_session(session)?;
        }
        Ok(secret)
    }

    /// Takes the `MFA_SETUP` challenge out and builds `VerifySoftwareToken` with `code`.
    pub fn verify_software_token(
        &mut self,
        code: &str,
        friendly_device_name: Option<&str>,
    ) -> Result<(VerifySoftwareTokenRequest, AwaitingTotpVerified), Error> {
        if code.is_empty() {
            return Err(Error::InvalidParameter(
                "code must be a non-empty string".into(),
            ));
        }
        let request = VerifySoftwareTokenRequest {
            session: self.mfa_setup_session()?.to_owned(),
            user_code: code.to_owned(),
            friendly_device_name: friendly_device_name.map(str::to_owned),
        };
        let sent = self.take_for_answer()?;
        Ok((request, AwaitingTotpVerified { sent }))
    }

    /// Reads `VerifySoftwareToken`'s reply. On `SUCCESS`, the `RespondToAuthChallenge(MFA_SETUP)`
    /// to send (its Session the one just returned) and the state that reads its reply; after a
    /// rejected code the challenge is back in its slot.
    pub fn receive_verified(
        &mut self,
        awaiting: AwaitingTotpVerified,
        reply: Result<VerifySoftwareTokenOutput, Error>,
    ) -> Result<(RespondToAuthChallengeRequest, AwaitingChallengeResult), Error> {
        let output = match reply {
            Ok(output) => output,
            Err(error) => {
                if CODE_REJECTED.contains(&error.name()) {
                    self.put_back(awaiting.sent);
                }
                return Err(error);
            }
        };
        output.succeeded()?;
        let session = output.session.ok_or_else(|| {
            Error::protocol("VerifySoftwareToken answered without the Session MFA_SETUP needs")
        })?;
        let challenge = awaiting.sent.into_challenge();
        let request = challenge.context().respond_request(
            MFA_SETUP,
            &challenge.info().username,
            Some(session),
            Params::new(),
        );
        Ok((request, AwaitingChallengeResult::from_challenge(challenge)))
    }

    /// Takes the `MFA_SETUP` challenge out and builds `RespondToAuthChallenge(MFA_SETUP)` with
    /// `EMAIL` = `email`: email MFA set up with that address. Its reply (the `EMAIL_OTP` challenge)
    /// goes to [`ChallengeSlot::receive`]. An address without `@` and a dot-free domain, or a
    /// challenge whose `MFAS_CAN_SETUP` lacks `EMAIL_OTP`, is an [`Error::InvalidParameter`] before
    /// any request, and the challenge stays answerable.
    pub fn setup_email(
        &mut self,
        email: &str,
    ) -> Result<(RespondToAuthChallengeRequest, AwaitingChallengeResult), Error> {
        self.mfa_setup_session()?;
        let challenge = self.peek()?;
        if let ChallengeKind::MfaSetup { mfas_can_setup } = &challenge.info().kind {
            if !mfas_can_setup.iter().any(|factor| factor == EMAIL_OTP) {
                return Err(Error::InvalidParameter(
                    [
                        "email setup is not offered: MFAS_CAN_SETUP is [",
                        &comma_list(mfas_can_setup),
                        "]",
                    ]
                    .concat()
                    .into(),
                ));
            }
        }
        if !is_email_address(email) {
            return Err(Error::InvalidParameter(
                "email must be an email address (name@domain.tld)".into(),
            ));
        }
        let sent = self.take_for_answer()?;
        let challenge = sent.into_challenge();
        let request = challenge.context().respond_request(
            MFA_SETUP,
            &challenge.info().username,
            challenge.info().session.clone(),
            Params::from([(EMAIL.to_owned(), email.to_owned())]),
        );
        Ok((request, AwaitingChallengeResult::from_challenge(challenge)))
    }

    fn mfa_setup_session(&self) -> Result<&str, Error> {
        let challenge = self.peek()?;
        if !matches!(challenge.info().kind, ChallengeKind::MfaSetup { .. }) {
            return Err(Error::InvalidParameter(
                [
                    "TOTP setup belongs to MFA_SETUP, not to ",
                    &challenge.info().name,
                ]
                .concat()
                .into(),
            ));
        }
        challenge
            .info()
            .session
            .as_deref()
            .ok_or_else(|| Error::protocol("MFA_SETUP came without a Session"))
    }
}

/// `name@domain.tld`: one `@` after a non-empty name, a domain of two or more non-empty labels,
/// no space or control character. Cognito checks the address itself; this catches typos before
/// the challenge's session is spent.
fn is_email_address(email: &str) -> bool {
    let mut ats = 0;
    let mut dots = 0;
    let mut previous = 0u8;
    for (i, byte) in email.bytes().enumerate() {
        let empty_part = matches!(previous, 0 | b'@' | b'.');
        match byte {
            0..=b' ' | 0x7f => return false,
            b'@' if i == 0 => return false,
            b'@' => ats += 1,
            b'.' if ats == 1 && empty_part => return false,
            b'.' if ats == 1 => dots += 1,
            _ => {}
        }
        previous = byte;
    }
    ats == 1 && dots > 0 && !matches!(previous, b'.' | b'@')
}

#[cfg(test)]
mod tests {
    use super::is_email_address;

    #[test]
    fn email_addresses_have_a_name_and_a_dotted_domain() {
        for good in ["a@b.co", "first.last+tag@mail.example.org", "ü@exämple.de"] {
            assert!(is_email_address(good), "{good}");
        }
        for bad in [
            "a@b", "a.@b", "a@b.", "a@.b", "a@b..c", "@b.c", "a@b@c.d", "a\n@b.c",
        ] {
            assert!(!is_email_address(bad), "{bad}");
        }
    }
}
