// Compiled with usage.ts: `require` resolves the package's `node` + `require` export, whose
// declarations are index.d.cts. Were it the ES module declarations (index.d.ts), tsc would
// refuse the `require` of an ES module here.
import auth = require("cognito-auth-wasm");

const client: auth.CognitoClient = new auth.CognitoClient({ userPoolId: "eu-west-1_AbCdEf123", clientId: "abc" });
export async function signIn(password: string): Promise<string | undefined> {
  const step = await client.signIn({ username: "alice", password });
  // @ts-expect-error: a sign-in's result is typed, not `any`
  step.noSuchMember;
  return "tokens" in step ? step.tokens?.idToken : undefined;
}
