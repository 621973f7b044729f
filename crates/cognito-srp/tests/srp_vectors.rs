//! Replays tests/vectors/srp-vectors.json, made by the official client
//! (amazon-cognito-identity-js, see tests/vectors/generate.mjs), and requires every value to
//! match byte for byte: A, u, x, S, the key and the signature of each login, each device
//! verifier, SECRET_HASH and TIMESTAMP. Node is not needed here: the file is committed.
//!

use std::{collections::BTreeMap, path::PathBuf};

use base64::{engine::general_purpose::STANDARD, Engine as _};
use cognito_srp::{
    compute_signature, device_verifier, format_timestamp, group, secret_hash, ClaimInput,
    RandomSource, SrpClient, SrpError,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct Vectors {
    k: String,
    clients: Vec<Client>,
    devices: Vec<Device>,
    secret_hashes: Vec<SecretHash>,
    timestamps: Vec<Timestamp>,
}

#[derive(Deserialize)]
struct Client {
    a: String,
    srp_a: String,
    claims: Vec<Claim>,
}

#[derive(Deserialize)]
struct Claim {
    realm: String,
    user_id: String,
    password: String,
    salt: String,
    srp_b: String,
    secret_block: String,
    unix: i64,
    timestamp: String,
    u: String,
    x: String,
    s: String,
    key: String,
    signature: String,
    tags: Vec<String>,
}

#[derive(Deserialize)]
struct Device {
    device_group_key: String,
    device_key: String,
    random_password_bytes: String,
    random_salt_bytes: String,
    device_password: String,
    password_verifier: String,
    salt: String,
    tags: Vec<String>,
}

#[derive(Deserialize)]
struct SecretHash {
    client_secret: String,
    username: String,
    client_id: String,
    secret_hash: String,
}

#[derive(Deserialize)]
struct Timestamp {
    unix: i64,
    timestamp: String,
}

fn vectors() -> Vectors {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/srp-vectors.json");
    let text = std::fs::read_to_string(&path).expect("tests/vectors/srp-vectors.json is committed");
    serde_json::from_str(&text).expect("srp-vectors.json parses")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Vec<u8> {
    assert!(text.len() % 2 == 0, "even-length hex in the vector file");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex in the vector file"))
        .collect()
}

/// Hands out planned byte strings, one per `fill`, as the official client drew them.
struct ReplayRandom(Vec<Vec<u8>>);

impl RandomSource for ReplayRandom {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), SrpError> {
        let next = self.0.remove(0);
        assert_eq!(
            next.len(),
            buf.len(),
            "random draws in the official client's order"
        );
        buf.copy_from_slice(&next);
        Ok(())
    }
}

/// Replays one client's logins; returns the edge kinds it saw, recomputed from our own output.
fn replay_client(client: &Client) -> BTreeMap<&'static str, usize> {
    let mut seen = BTreeMap::new();
    let mut note = |kind: &'static str| *seen.entry(kind).or_insert(0) += 1;

    let srp = SrpClient::from_secret(&unhex(&client.a)).expect("a is 128 bytes");
    assert_eq!(srp.public_a_hex(), client.srp_a, "A for a = {}", client.a);
    for (index, claim) in client.claims.iter().enumerate() {
        let input = ClaimInput {
            realm: &claim.realm,
            user_id: &claim.user_id,
            password: &claim.password,
            salt_hex: &claim.salt,
            srp_b_hex: &claim.srp_b,
            secret_block_b64: &claim.secret_block,
            timestamp: &claim.timestamp,
        };
        let context = format!(
            "realm {} user {} B {}",
            claim.realm, claim.user_id, claim.srp_b
        );
        assert_eq!(format_timestamp(claim.unix), claim.timestamp, "{context}");

        let parts = srp.claim_parts(&input).expect("a valid challenge");
        assert_eq!(hex(&parts.u), claim.u, "padHex(u), {context}");
        assert_eq!(hex(&parts.x), claim.x, "x, {context}");
        assert_eq!(hex(&parts.s), claim.s, "padHex(S), {context}");
        assert_eq!(hex(&parts.key), claim.key, "key, {context}");
        let secret_block = STANDARD
            .decode(&claim.secret_block)
            .expect("base64 in the vector file");
        let signature = compute_signature(
            &parts.key,
            &claim.realm,
            &claim.user_id,
            &secret_block,
            &claim.timestamp,
        );
        assert_eq!(signature, claim.signature, "signature, {context}");
        // The public entry point repeats the whole computation: run it on a share of the logins
        // (and on every rare one) to keep the debug-build test time reasonable.
        let rare = claim.tags.iter().any(|t| t.ends_with("leading_zero"));
        if rare || index % 8 == 0 {
            let signed = srp.password_claim(&input).expect("a valid challenge");
            assert_eq!(
                signed.signature_b64, claim.signature,
                "password_claim, {context}"
            );
            note("password_claim_calls");
        }

        note("claims");
        // Edge kinds, judged on our own values (the file's tags are cross-checked below).
        if parts.s.len() < 384 {
            note("s_leading_zero");
        }
        if parts.s.len() > 384 {
            note("s_top_bit");
        }
        if parts.u.len() < 32 {
            note("u_leading_zero");
        }
        if parts.u.len() > 32 {
            note("u_top_bit");
        }
        let b = unhex(&format!("{:0>768}", claim.srp_b.to_lowercase()));
        if b.first() == Some(&0) {
            note("b_leading_zero");
        }
        if b.as_slice() >= group::N.as_slice() {
            note("b_above_n");
        }
        if claim.srp_b.len() % 2 == 1 {
            note("b_odd_length");
        }
        if claim.srp_b.chars().any(|c| c.is_ascii_uppercase()) {
            note("b_upper_case");
        }
        let salt = unhex(&format!("{:0>32}", claim.salt.to_lowercase()));
        if salt.first() == Some(&0) {
            note("salt_leading_zero");
        }
        if salt.first().is_some_and(|b| b & 0x80 != 0) {
            note("salt_top_bit");
        }
        if claim.password.chars().count() >= 1000 {
            note("long_password");
        }
        if !claim.password.is_ascii() {
            note("non_ascii_password");
        }
        if !claim.user_id.is_ascii() {
            note("non_ascii_user_id");
        }
        if claim.tags.iter().any(|t| t == "device") {
            note("device_password_verifier");
        }
        for (tag, ours) in [
            ("s_leading_zero", parts.s.len() < 384),
            ("u_leading_zero", parts.u.len() < 32),
            ("salt_leading_zero", salt.first() == Some(&0)),
        ] {
            assert_eq!(
                claim.tags.iter().any(|t| t == tag),
                ours,
                "tag {tag}, {context}"
            );
        }
    }
    seen
}

#[test]
fn password_claims_match_the_official_client() {
    let vectors = vectors();
    assert_eq!(
        vectors.k,
        "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"
    );

    // Spread the clients over the cores: debug-build big-number maths is slow.
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = vectors.clients.len().div_ceil(threads).max(1);
    let mut seen: BTreeMap<&'static str, usize> = BTreeMap::new();
    std::thread::scope(|scope| {
        let workers: Vec<_> = vectors
            .clients
            .chunks(chunk)
            .map(|clients| {
                scope.spawn(move || {
                    let mut seen = BTreeMap::new();
                    for client in clients {
                        for (kind, n) in replay_client(client) {
                            *seen.entry(kind).or_insert(0) += n;
                        }
                    }
                    seen
                })
            })
            .collect();
        for worker in workers {
            for (kind, n) in worker.join().expect("a replay thread") {
                *seen.entry(kind).or_insert(0) += n;
            }
        }
    });

    println!("password claim vectors by kind: {seen:#?}");
    assert!(
        seen["claims"] >= 1000,
        "at least 1000 logins, got {}",
        seen["claims"]
    );
    for kind in [
        "s_leading_zero",
        "s_top_bit",
        "u_leading_zero",
        "u_top_bit",
        "b_leading_zero",
        "b_above_n",
        "b_odd_length",
        "b_upper_case",
        "salt_leading_zero",
        "salt_top_bit",
        "long_password",
        "non_ascii_password",
        "non_ascii_user_id",
        "device_password_verifier",
    ] {
        assert!(
            seen.get(kind).copied().unwrap_or(0) > 0,
            "no vector of kind {kind}"
        );
    }
}

#[test]
fn device_verifiers_match_the_official_client() {
    let vectors = vectors();
    let (mut leading_zero_salt, mut top_bit_salt) = (0, 0);
    for device in &vectors.devices {
        let mut rng = ReplayRandom(vec![
            unhex(&device.random_password_bytes),
            unhex(&device.random_salt_bytes),
        ]);
        let config = device_verifier(&device.device_group_key, &device.device_key, &mut rng)
            .expect("replayed randomness");
        assert!(rng.0.is_empty(), "draws exactly a password and a salt");
        let context = format!("device {}", device.device_key);
        assert_eq!(config.device_password, device.device_password, "{context}");
        assert_eq!(
            config.password_verifier_b64, device.password_verifier,
            "{context}"
        );
        assert_eq!(config.salt_b64, device.salt, "{context}");
        let salt = unhex(&device.random_salt_bytes);
        leading_zero_salt += usize::from(salt.first() == Some(&0));
        top_bit_salt += usize::from(salt.first().is_some_and(|b| b & 0x80 != 0));
        assert!(device.tags.iter().any(|t| t == "device_verifier"));
    }
    assert!(vectors.devices.len() >= 100);
    assert!(leading_zero_salt > 0 && top_bit_salt > 0);
}

#[test]
fn secret_hashes_match_hmac_sha256_of_username_and_client_id() {
    let vectors = vectors();
    assert!(vectors.secret_hashes.len() >= 50);
    assert!(vectors
        .secret_hashes
        .iter()
        .any(|v| v.client_secret.len() > 64));
    assert!(vectors.secret_hashes.iter().any(|v| !v.username.is_ascii()));
    for v in &vectors.secret_hashes {
        assert_eq!(
            secret_hash(&v.client_secret, &v.username, &v.client_id),
            v.secret_hash,
            "user {} client {}",
            v.username,
            v.client_id
        );
    }
}

#[test]
fn timestamps_match_the_official_client() {
    let vectors = vectors();
    let mut single_digit_days = 0;
    for v in &vectors.timestamps {
        assert_eq!(format_timestamp(v.unix), v.timestamp, "unix {}", v.unix);
        let day = v.timestamp.split(' ').nth(2).expect("a day field");
        single_digit_days += usize::from(day.len() == 1);
    }
    assert!(vectors.timestamps.len() >= 100);
    assert!(single_digit_days > 0);
}
