// Generates tests/vectors/srp-vectors.json from the official client, amazon-cognito-identity-js.
//
//     cd tests && npm ci && node vectors/generate.mjs
//
// Every value is computed by the official AuthenticationHelper (SRP maths, device verifier) or by
// the same code path CognitoUser / DateHelper use (claim signature, timestamp), with all
// randomness replaced by a seeded generator, so the output is reproducible byte for byte.
// SECRET_HASH is not implemented by that client; it is computed with node:crypto from the
// formula in the Cognito API reference. The Rust test tests/srp_vectors.rs replays the file.

import { createHash, createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import cognito from 'amazon-cognito-identity-js';

const require = createRequire(import.meta.url);
// The same hash implementation CognitoUser uses for PASSWORD_CLAIM_SIGNATURE.
const { Sha256 } = require('@aws-crypto/sha256-js');
const { AuthenticationHelper, DateHelper, WordArray } = cognito;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness: SHA-256 in counter mode over a fixed seed.

class SeededRandom {
	constructor(seed) {
		this.seed = seed;
		this.counter = 0;
	}
	bytes(n) {
		const out = [];
		let len = 0;
		while (len < n) {
			const block = createHash('sha256')
				.update(`${this.seed}/${this.counter++}`)
				.digest();
			out.push(block);
			len += block.length;
		}
		return Buffer.concat(out).subarray(0, n);
	}
	int(n) {
		return this.bytes(4).readUInt32BE(0) % n;
	}
	pick(list) {
		return list[this.int(list.length)];
	}
}

const rng = new SeededRandom('cognito-auth-wasm srp vectors v1');

// The helper draws all its randomness through WordArray.prototype.random (via randomBytes):
// the 128-byte `a` in its constructor, the device password and the device salt. Route it to
// a queue of planned bytes, falling back to the seeded generator.
let plannedRandom = [];
WordArray.prototype.random = function random(nBytes) {
	const next = plannedRandom.shift();
	const bytes = next ?? rng.bytes(nBytes);
	if (bytes.length !== nBytes) throw new Error(`planned ${bytes.length} bytes, asked ${nBytes}`);
	return { toString: () => bytes.toString('hex') };
};

// DateHelper.getNowString reads `new Date()`: pin the clock.
const RealDate = Date;
let pinnedMillis = 0;
globalThis.Date = class PinnedDate extends RealDate {
	constructor(...args) {
		if (args.length === 0) super(pinnedMillis);
		else super(...args);
	}
};
function officialTimestamp(unixSeconds) {
	pinnedMillis = unixSeconds * 1000;
	return new DateHelper().getNowString();
}

// ---------------------------------------------------------------------------------------------
// Helpers around the official client.

const probe = new AuthenticationHelper('probe');
const BigInteger = probe.N.constructor;
const N = probe.N;
const g = probe.g;
const k = probe.k;
const ZERO = new BigInteger('0', 16);
const N_BYTES = 384;

const hex = bi => bi.toString(16);
const fixedHex = (bi, bytes) => bi.toString(16).padStart(bytes * 2, '0');
const bigFromBytes = buf => new BigInteger(buf.toString('hex') || '0', 16);
const modPow = (base, exp) => base.modPow(exp, N, () => {});
const byteLen = bi => Buffer.from(probe.padHex(bi), 'hex').length;

/** A helper whose secret `a` is the given bytes (the constructor's random `a` is discarded). */
function helperWithA(realm, aBytes) {
	const helper = new AuthenticationHelper(realm);
	helper.smallAValue = bigFromBytes(aBytes);
	helper.largeAValue = undefined;
	helper.getLargeAValue(err => {
		if (err) throw err;
	});
	return helper;
}

/** Runs getPasswordAuthenticationKey, capturing x and S on the way, then signs like CognitoUser. */
function officialClaim(helper, c) {
	const captured = {};
	const calculateS = helper.calculateS.bind(helper);
	helper.calculateS = (xValue, serverBValue, callback) => {
		captured.x = xValue;
		calculateS(xValue, serverBValue, (err, sValue) => {
			captured.S = sValue;
			callback(err, sValue);
		});
	};
	let key;
	helper.getPasswordAuthenticationKey(
		c.userId,
		c.password,
		new BigInteger(c.srpBHex, 16),
		new BigInteger(c.saltHex, 16),
		(err, hkdf) => {
			if (err) throw err;
			key = hkdf;
		}
	);
	if (!key) throw new Error('getPasswordAuthenticationKey did not answer synchronously');
	helper.calculateS = calculateS;

	// CognitoUser.authenticateUserDefaultAuth / getDeviceResponse:
	const concatBuffer = Buffer.concat([
		Buffer.from(c.realm, 'utf8'),
		Buffer.from(c.userId, 'utf8'),
		Buffer.from(c.secretBlockB64, 'base64'),
		Buffer.from(c.timestamp, 'utf8'),
	]);
	const hmac = new Sha256(key);
	hmac.update(concatBuffer);
	const signature = Buffer.from(hmac.digestSync()).toString('base64');

	return {
		u: helper.padHex(helper.UValue),
		x: fixedHex(captured.x, 32),
		s: helper.padHex(captured.S),
		key: Buffer.from(key).toString('hex'),
		signature,
		sValue: captured.S,
		uValue: helper.UValue,
	};
}

// ---------------------------------------------------------------------------------------------
// Inputs.

const POOLS = ['us-east-1_AbCdEfGhI', 'eu-west-2_Zz9Yy8Xx7', 'ap-northeast-1_q1W2e3R4t'];
const poolName = poolId => poolId.split('_')[1];
const ASCII_USERS = [
	'alice',
	'8d4f3c2e-1b6a-4f8e-9c1d-2e3f4a5b6c7d',
	'bob.smith@example.com',
	'+15555550123',
	'user_with-symbols.!#$%',
];
const UNICODE_USERS = ['josé', 'ユーザー名', 'Ærøskøbing', 'пользователь', 'user😀'];
const UNICODE_PASSWORDS = [
	'mot de passe é',
	'パスワード日本語',
	'emoji 🔑😀🎉 password',
	'Ünïcödé-Pässwörd!',
	'中文密码123',
	'🔐',
];

function randomAscii(n) {
	const alphabet =
		'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~ ';
	let s = '';
	const bytes = rng.bytes(n);
	for (let i = 0; i < n; i++) s += alphabet[bytes[i] % alphabet.length];
	return s;
}

/** Hex as a server might send it: minimal, fixed width with leading zeros, upper case or odd. */
function spell(bytes, style) {
	const fixed = bytes.toString('hex');
	const minimal = fixed.replace(/^0+/, '') || '0';
	switch (style) {
		case 'fixed':
			return fixed;
		case 'upper':
			return minimal.toUpperCase();
		case 'mixed':
			return [...minimal].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
		default:
			return minimal;
	}
}

// ---------------------------------------------------------------------------------------------
// Password claims (PASSWORD_VERIFIER and DEVICE_PASSWORD_VERIFIER).

const clients = [];
const kinds = {};
const count = kind => {
	kinds[kind] = (kinds[kind] ?? 0) + 1;
};

function newClient(realm) {
	const aBytes = rng.bytes(128);
	const helper = helperWithA(realm, aBytes);
	const client = { a: aBytes.toString('hex'), srp_a: hex(helper.largeAValue), claims: [] };
	clients.push(client);
	return { client, helper };
}

/**
 * Makes the server side of one login. `bMode` = 'server' (B = k·v + g^b mod N, as Cognito does),
 * 'random' (any value in [1, N)) or 'short' (a value whose top byte is zero).
 */
function serverB(x, bMode) {
	if (bMode === 'random' || bMode === 'short') {
		for (;;) {
			const bytes = rng.bytes(N_BYTES);
			if (bMode === 'short') bytes[0] = 0;
			const B = bigFromBytes(bytes);
			if (B.compareTo(ZERO) > 0 && B.compareTo(N) < 0) return B;
		}
	}
	const b = bigFromBytes(rng.bytes(32));
	const v = modPow(g, x);
	return k.multiply(v).add(modPow(g, b)).mod(N);
}

function makeSalt(saltMode) {
	const bytes = rng.bytes(16);
	if (saltMode === 'leading-zero') {
		bytes[0] = 0;
		if (rng.int(2)) bytes[1] = 0;
	} else if (saltMode === 'top-bit') {
		bytes[0] |= 0x80;
	} else if (saltMode === 'no-top-bit') {
		bytes[0] &= 0x7f;
		bytes[0] |= 0x01;
	}
	return bytes;
}

/** The x the official client will compute (used only to build a realistic B). */
function expectedX(helper, realm, userId, password, saltHex) {
	const inner = helper.hash(`${realm}${userId}:${password}`);
	return new BigInteger(helper.hexHash(helper.padHex(new BigInteger(saltHex, 16)) + inner), 16);
}

function addClaim(client, helper, spec) {
	const saltBytes = spec.saltBytes ?? makeSalt(spec.saltMode ?? 'any');
	const saltHex = spell(saltBytes, spec.saltStyle ?? rng.pick(['fixed', 'minimal', 'fixed', 'upper']));
	const B =
		spec.B ??
		serverB(
			expectedX(helper, spec.realm, spec.userId, spec.password, saltHex),
			spec.bMode ?? 'server'
		);
	const bStyle = spec.bStyle ?? rng.pick(['minimal', 'minimal', 'fixed', 'upper', 'mixed']);
	const srpBHex = spell(Buffer.from(fixedHex(B, N_BYTES), 'hex'), bStyle);
	const secretBlock = rng.bytes(spec.secretBlockLen ?? 16 + rng.int(300));
	const unix = spec.unix ?? 946684800 + rng.int(2000000000);
	const c = {
		realm: spec.realm,
		userId: spec.userId,
		password: spec.password,
		saltHex,
		srpBHex,
		secretBlockB64: secretBlock.toString('base64'),
		timestamp: officialTimestamp(unix),
	};
	const out = officialClaim(helper, c);
	const tags = [...(spec.tags ?? [])];
	if (saltBytes[0] === 0) tags.push('salt_leading_zero');
	if (saltBytes[0] & 0x80) tags.push('salt_top_bit');
	if (byteLen(B) < N_BYTES) tags.push('b_leading_zero');
	if (out.s.length / 2 < N_BYTES) tags.push('s_leading_zero');
	if (out.s.length / 2 > N_BYTES) tags.push('s_top_bit');
	if (out.u.length / 2 < 32) tags.push('u_leading_zero');
	if (out.u.length / 2 > 32) tags.push('u_top_bit');
	if (srpBHex.length % 2 === 1) tags.push('b_odd_length');
	if (/[A-F]/.test(srpBHex) || /[A-F]/.test(saltHex)) tags.push('hex_upper_case');
	if (srpBHex.startsWith('0')) tags.push('b_hex_leading_zeros');
	if (spec.password.length >= 1000) tags.push('long_password');
	if (/[^\x00-\x7f]/.test(spec.password)) tags.push('non_ascii_password');
	if (/[^\x00-\x7f]/.test(spec.userId)) tags.push('non_ascii_user_id');
	// B − k·g^x is negative before reduction in nearly every login: count it, do not tag it.
	if (B.subtract(k.multiply(modPow(g, out_x(out)))).compareTo(ZERO) < 0) count('negative_base');
	tags.forEach(count);
	count('claims');
	client.claims.push({
		realm: c.realm,
		user_id: c.userId,
		password: c.password,
		salt: c.saltHex,
		srp_b: c.srpBHex,
		secret_block: c.secretBlockB64,
		unix,
		timestamp: c.timestamp,
		u: out.u,
		x: out.x,
		s: out.s,
		key: out.key,
		signature: out.signature,
		tags,
	});
	return out;
}
const out_x = out => new BigInteger(out.x, 16);

function userSpec(i) {
	const poolId = POOLS[i % POOLS.length];
	const r = i % 10;
	let userId = rng.pick(ASCII_USERS);
	let password = randomAscii(8 + rng.int(40));
	const tags = ['user'];
	if (r === 1) userId = rng.pick(UNICODE_USERS);
	if (r === 2) password = rng.pick(UNICODE_PASSWORDS);
	if (r === 3) password = randomAscii(1000 + rng.int(200));
	if (r === 4) {
		userId = rng.pick(UNICODE_USERS);
		password = rng.pick(UNICODE_PASSWORDS) + randomAscii(990);
	}
	if (r === 5) password = '';
	return { realm: poolName(poolId), userId, password, tags };
}

function deviceSpec() {
	const groupKey = `-${randomAscii(9).replace(/[^A-Za-z0-9]/g, 'x')}`;
	const deviceKey = `${rng.pick(['us-east-1', 'eu-west-2'])}_${fixedHex(bigFromBytes(rng.bytes(16)), 16)}`;
	return {
		realm: groupKey,
		userId: deviceKey,
		password: rng.bytes(40).toString('base64'),
		tags: ['device'],
	};
}

console.time('claims');
// 1. Regular logins: 250 clients × 4 logins, cycling through the edge kinds of the inputs.
for (let i = 0; i < 250; i++) {
	const { client, helper } = newClient('unused');
	for (let j = 0; j < 4; j++) {
		const n = i * 4 + j;
		const spec = n % 7 === 6 ? deviceSpec() : userSpec(n);
		helper.poolName = spec.realm;
		spec.saltMode = ['any', 'leading-zero', 'top-bit', 'no-top-bit', 'any'][n % 5];
		spec.bMode = ['server', 'server', 'random', 'short', 'server', 'server'][n % 6];
		addClaim(client, helper, spec);
	}
}
// B >= N: the official client accepts it, reduces it for S, but hashes it unreduced in u.
{
	const { client, helper } = newClient('unused');
	for (let i = 0; i < 4; i++) {
		const spec = userSpec(i);
		helper.poolName = spec.realm;
		const B = N.add(bigFromBytes(rng.bytes(370)));
		addClaim(client, helper, { ...spec, B, tags: [...spec.tags, 'b_above_n'] });
	}
}
console.timeEnd('claims');

// 2. Searched edge cases: S and u with a leading zero byte (each about 1 in 256 logins).
console.time('search');
function searchClaims(tag, wanted, accept) {
	let found = 0;
	let tries = 0;
	const { client, helper } = newClient('unused');
	while (found < wanted) {
		const spec = userSpec(tries++);
		helper.poolName = spec.realm;
		const saltBytes = makeSalt('any');
		const saltHex = spell(saltBytes, 'fixed');
		const B = serverB(expectedX(helper, spec.realm, spec.userId, spec.password, saltHex), 'random');
		// Pre-filter cheaply where possible, then run the official client on the winner.
		if (!accept(helper, B, spec, saltHex)) continue;
		const out = addClaim(client, helper, { ...spec, B, saltBytes, saltStyle: 'fixed', tags: [...spec.tags, `searched_${tag}`] });
		found++;
		console.log(`  ${tag}: found after ${tries} tries (S bytes ${out.s.length / 2}, u bytes ${out.u.length / 2})`);
	}
}
// u = H(padHex(A) | padHex(B)) depends only on A and B: search B directly, for u < 2^247
// (padHex(u) shorter than 32 bytes; 00 followed by a byte >= 0x80 would be 32 bytes again).
searchClaims('u_leading_zero', 4, (helper, B) => {
	return helper.calculateU(helper.largeAValue, B).compareTo(new BigInteger('8'.padEnd(62, '0'), 16)) < 0;
});
// S needs the full computation; use the official helper's own calculateS.
searchClaims('s_leading_zero', 4, (helper, B, spec, saltHex) => {
	helper.UValue = helper.calculateU(helper.largeAValue, B);
	const x = expectedX(helper, spec.realm, spec.userId, spec.password, saltHex);
	let S;
	helper.calculateS(x, B, (err, s) => {
		S = s;
	});
	return byteLen(S) < N_BYTES;
});
console.timeEnd('search');

// ---------------------------------------------------------------------------------------------
// Device verifiers (ConfirmDevice's DeviceSecretVerifierConfig).

const devices = [];
for (let i = 0; i < 200; i++) {
	const groupKey = `-${randomAscii(9).replace(/[^A-Za-z0-9]/g, 'Q')}`;
	const deviceKey = `us-east-1_${fixedHex(bigFromBytes(rng.bytes(16)), 16)}`;
	const passwordBytes = rng.bytes(40);
	const saltBytes = makeSalt(['any', 'leading-zero', 'top-bit', 'no-top-bit'][i % 4]);
	const helper = new AuthenticationHelper(groupKey);
	plannedRandom = [passwordBytes, saltBytes];
	helper.generateHashDevice(groupKey, deviceKey, err => {
		if (err) throw err;
	});
	if (plannedRandom.length !== 0) throw new Error('generateHashDevice drew less randomness than planned');
	const tags = ['device_verifier'];
	if (saltBytes[0] === 0) tags.push('device_salt_leading_zero');
	if (saltBytes[0] & 0x80) tags.push('device_salt_top_bit');
	const verifier = Buffer.from(helper.getVerifierDevices(), 'hex');
	if (verifier.length < N_BYTES) tags.push('device_verifier_leading_zero');
	tags.forEach(count);
	devices.push({
		device_group_key: groupKey,
		device_key: deviceKey,
		random_password_bytes: passwordBytes.toString('hex'),
		random_salt_bytes: saltBytes.toString('hex'),
		device_password: helper.getRandomPassword(),
		password_verifier: verifier.toString('base64'),
		salt: Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'),
		tags,
	});
}

// ---------------------------------------------------------------------------------------------
// SECRET_HASH = base64(HMAC_SHA256(key = clientSecret, msg = username | clientId)).

const secretHashes = [];
for (let i = 0; i < 100; i++) {
	const clientSecret = i % 4 === 3 ? randomAscii(65 + rng.int(100)) : randomAscii(52).replace(/[^a-z0-9]/g, '1');
	const username = i % 3 === 1 ? rng.pick(UNICODE_USERS) : rng.pick(ASCII_USERS);
	const clientId = randomAscii(26).replace(/[^a-z0-9]/g, '7');
	const expected = createHmac('sha256', Buffer.from(clientSecret, 'utf8'))
		.update(Buffer.from(username + clientId, 'utf8'))
		.digest('base64');
	count(clientSecret.length > 64 ? 'secret_hash_long_secret' : 'secret_hash');
	secretHashes.push({ client_secret: clientSecret, username, client_id: clientId, secret_hash: expected });
}

// ---------------------------------------------------------------------------------------------
// TIMESTAMP, from DateHelper.getNowString on pinned clocks.

const timestamps = [];
const fixedDays = [
	0, // Thu Jan 1 00:00:00 UTC 1970
	Date.UTC(2026, 10, 3, 7, 5, 9) / 1000, // the example of PROTOCOL.md
	Date.UTC(2000, 1, 29, 23, 59, 59) / 1000,
	Date.UTC(2024, 1, 29, 12, 0, 0) / 1000,
	Date.UTC(2100, 2, 1, 0, 0, 0) / 1000,
	Date.UTC(1999, 11, 31, 23, 59, 59) / 1000,
	Date.UTC(2038, 0, 19, 3, 14, 8) / 1000,
	Date.UTC(1969, 11, 31, 23, 59, 59) / 1000,
	Date.UTC(1900, 0, 1, 0, 0, 0) / 1000,
	Date.UTC(2400, 1, 29, 9, 9, 9) / 1000,
	Date.UTC(9999, 11, 31, 23, 59, 59) / 1000,
];
for (let d = 1; d <= 31; d++) fixedDays.push(Date.UTC(2025, 0, d, d % 24, (d * 7) % 60, (d * 13) % 60) / 1000);
for (let m = 0; m < 12; m++) fixedDays.push(Date.UTC(2027, m, 9, 1, 2, 3) / 1000);
for (let i = 0; i < 300; i++) fixedDays.push(-2208988800 + rng.int(0xffffffff) + rng.int(0xffffffff));
for (const unix of fixedDays) {
	const text = officialTimestamp(unix);
	count(/ \d /.test(text) ? 'timestamp_single_digit_day' : 'timestamp');
	timestamps.push({ unix, timestamp: text });
}

// ---------------------------------------------------------------------------------------------

const here = dirname(fileURLToPath(import.meta.url));
const file = join(here, 'srp-vectors.json');
const body = {
	source: 'amazon-cognito-identity-js 6.3.21 AuthenticationHelper, generated by tests/vectors/generate.mjs',
	k: hex(k),
	clients,
	devices,
	secret_hashes: secretHashes,
	timestamps,
	counts: kinds,
};
const json = JSON.stringify(body);
writeFileSync(file, json + '\n');
console.log(`wrote ${file}: ${(json.length / 1e6).toFixed(2)} MB`);
console.log(Object.entries(kinds).sort().map(([kind, n]) => `  ${kind}: ${n}`).join('\n'));
