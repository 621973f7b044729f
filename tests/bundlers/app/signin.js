// The sign-in every row of tests/bundlers/run.mjs performs: the peer's demo user (pool `main`,
// app client `public`, tests/peer/seed.json) through the package's CognitoClient. Resolves to
// `{ ok, idToken }` or `{ ok: false, name, message }`.
export async function signInAsDemo(CognitoClient, peer) {
  try {
    const seed = await (await fetch(`${peer}/_peer/seed`)).json();
    const pool = seed.pools.main;
    const client = new CognitoClient({
      userPoolId: pool.userPoolId,
      clientId: pool.clients.public.clientId,
      endpoint: seed.endpoint,
      storage: "memory",
    });
    const step = await client.signIn({ username: pool.users.demo.signInAs, password: pool.users.demo.password });
    return { ok: true, idToken: step.tokens.idToken };
  } catch (err) {
    return { ok: false, name: err.name, message: err.message };
  }
}
