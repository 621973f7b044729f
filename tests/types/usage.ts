// Compiled with `tsc --strict --noEmit` against the built package (scripts/dev.sh test). Each
// `@ts-expect-error` line proves a type is precise: were it `any`, the line would not be an error
// and tsc would fail on the unused directive.
import { CognitoClient } from "cognito-auth-wasm";
import type { CognitoError, SignInResult, Tokens } from "cognito-auth-wasm";

export async function signInLoop(password: string): Promise<Tokens> {
  const auth = new CognitoClient({ userPoolId: "us-east-1_abc", clientId: "id", timeoutMs: 5000 });
  let step: SignInResult = await auth.signIn({ username: "alice", password });
  while (step.challengeName) {
    const name: string = step.challengeName;
    // @ts-expect-error challengeParameters is a map of strings
    const wrong: number = step.challengeParameters.x;
    step = await step.respond({ ANSWER: name + String(wrong) });
  }
  const expiresIn: number = step.tokens.expiresIn;
  // @ts-expect-error idToken is a string
  const notANumber: number = step.tokens.idToken;
  return { ...step.tokens, expiresIn: expiresIn + notANumber };
}

export function badInputs(auth: CognitoClient): void {
  // @ts-expect-error username must be a string
  void auth.signIn({ username: 42, password: "x" });
  // @ts-expect-error clientId is required
  void new CognitoClient({ userPoolId: "us-east-1_abc" });
  // @ts-expect-error ChallengeName is a union of Cognito's names
  const name: import("cognito-auth-wasm").ChallengeName = "NOT_A_CHALLENGE";
  void name;
}

export async function raw(auth: CognitoClient): Promise<string | undefined> {
  const out = await auth.initiateAuth({ AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "a", PASSWORD: "b" } });
  // @ts-expect-error AuthFlow is a union of Cognito's flows
  void auth.initiateAuth({ AuthFlow: "NO_SUCH_FLOW", AuthParameters: {} });
  return out.AuthenticationResult?.IdToken ?? out.Session;
}

export function errors(err: unknown): number | undefined {
  const e = err as CognitoError;
  const retry: boolean = e.retryable;
  return retry ? e.httpStatus : undefined;
}
