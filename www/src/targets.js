// Which user pools the demo can sign in to, read when the page loads (not built in: the same build
// serves the local peer and a real pool).
//
// - `config.json` beside the page (scripts/dev.sh demo copies www/config.json there): one real
//   pool, `{ userPoolId, clientId, clientSecret?, region?, endpoint? }` (www/config.example.json).
// - Otherwise `seed.json` (scripts/dev.sh writes it from the local peer's `GET /_peer/seed`):
//   every pool of the peer with its app clients and its users, which the page lists as hints.

/** The JSON at `url`, or `null` when it is not there. */
async function optionalJson(url) {
  const response = await fetch(url, { cache: "no-store" });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/**
 * `{ kind: "pool" | "peer", endpoint, pools: [{ name, userPoolId, clients: [{ name, config }],
 * users: [{ key, username, password, signInAs, reaches }] }] }`, where each client's `config` is
 * a `CognitoClientConfig`.
 */
export async function loadTargets() {
  const config = await optionalJson("config.json");
  if (config) return realPool(config);
  const seed = await optionalJson("seed.json");
  if (seed) return peerPools(seed);
  throw new Error("neither config.json nor seed.json is beside the page (see README.md: the demo)");
}

function realPool(config) {
  for (const field of ["userPoolId", "clientId"]) {
    if (typeof config[field] !== "string" || config[field] === "") {
      throw new Error(`config.json: "${field}" must be a non-empty string`);
    }
  }
  const client = { userPoolId: config.userPoolId, clientId: config.clientId };
  for (const field of ["clientSecret", "region", "endpoint"]) {
    if (config[field] !== undefined) client[field] = config[field];
  }
  const region = config.region ?? config.userPoolId.split("_")[0];
  return {
    kind: "pool",
    endpoint: config.endpoint ?? `https://cognito-idp.${region}.amazonaws.com/`,
    pools: [{ name: config.userPoolId, userPoolId: config.userPoolId, clients: [{ name: "app", config: client }], users: [] }],
  };
}

function peerPools(seed) {
  const pools = Object.entries(seed.pools).map(([name, pool]) => ({
    name,
    userPoolId: pool.userPoolId,
    clients: Object.entries(pool.clients).map(([clientName, app]) => {
      const config = { userPoolId: pool.userPoolId, clientId: app.clientId, endpoint: seed.endpoint };
      if (app.clientSecret !== undefined) config.clientSecret = app.clientSecret;
      return { name: clientName, config };
    }),
    users: Object.entries(pool.users ?? {}).map(([key, user]) => ({
      key,
      username: user.username,
      signInAs: user.signInAs ?? user.username,
      password: user.password ?? user.temporaryPassword,
      reaches: reaches(user, pool),
    })),
  }));
  return { kind: "peer", endpoint: seed.endpoint, pools };
}

/** What signing in as a seeded user of `pool` leads to, from the seed's fields. */
function reaches(user, pool) {
  if (user.temporaryPassword) return "NEW_PASSWORD_REQUIRED (a temporary password)";
  if (user.customAuth) return "CUSTOM_CHALLENGE with a custom-auth flow";
  const mfa = [user.mfa ?? []].flat();
  if (mfa.length > 1) return `SELECT_MFA_TYPE (${mfa.join(", ")})`;
  if (mfa.length === 1) return mfa[0];
  if (pool.mfaConfiguration === "ON") return "MFA_SETUP (the pool requires MFA)";
  return "tokens";
}
