// What one provider concluded about one request.
import { Pair } from "../../../assembly";
import { Identity } from "../identity";

/** An answer sent to the client as it is: an external service's refusal. */
export class ExternalResponse {
  constructor(public status: u32, public body: ArrayBuffer, public headers: Pair[]) {}
}

export enum Verdict {
  /** The credential is valid: `identity` is set. */
  Authenticated = 0,
  /** This provider's credential is absent. */
  Missing = 1,
  /** The credential is present and bad: `reason` and `description` say why. */
  Rejected = 2,
  /** A JWT whose key is not (yet) known: fetch the JWKS, then ask again. */
  KeysNeeded = 3,
}

/** Why a credential was rejected; each has a counter auth.denied.<name> (see metrics.ts). */
export enum Reason {
  None = 0,
  Missing = 1,
  Invalid = 2,
  Expired = 3,
  NotYetValid = 4,
  Unavailable = 5,
}

/** One may serve many requests (an API key's is made once, at configure time): change only one you just made. */
export class Outcome {
  response: ExternalResponse | null = null;
  /** A credential verified earlier by this worker (JWT token cache, Basic credential cache). */
  cacheHit: bool = false;
  /** A JWT checked against a JWKS already fetched. */
  remoteKeysUsed: bool = false;

  constructor(public verdict: Verdict, public reason: Reason, public description: string, public identity: Identity | null) {}

  static authenticated(identity: Identity): Outcome {
    return new Outcome(Verdict.Authenticated, Reason.None, "", identity);
  }
  static missing(): Outcome {
    return new Outcome(Verdict.Missing, Reason.Missing, "credentials are missing", null);
  }
  static rejected(reason: Reason, description: string): Outcome {
    return new Outcome(Verdict.Rejected, reason, description, null);
  }
  static externalDenial(status: u32, body: ArrayBuffer, headers: Pair[]): Outcome {
    const outcome = new Outcome(Verdict.Rejected, Reason.Invalid, "denied by the authorization service", null);
    outcome.response = new ExternalResponse(status, body, headers);
    return outcome;
  }
  static keysNeeded(): Outcome {
    return new Outcome(Verdict.KeysNeeded, Reason.Invalid, "the token's key is not known", null);
  }
}
