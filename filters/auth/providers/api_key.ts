// API keys: consumers with one or more keys each, read from headers, query parameters or cookies. Two different keys
// in one request (across sources, or two copies of one) are rejected rather than guessing which one the client meant.
import { ConfigReader } from "../../../assembly/config/reader";
import { CredentialSource, FoundCredential, SourceKind, parseSources } from "../credential_source";
import { Identity } from "../identity";
import { RequestView } from "../../../assembly/request_view";
import { Outcome, Reason } from "./outcome";
import { Provider, ProviderKind, quoted } from "./provider";

const MAX_KEY_LENGTH = 1024;

export class ApiKeyProvider extends Provider {
  sources: CredentialSource[] = [];
  /** key -> the consumer's outcome, built once: an API key's answer is the same for every request. */
  consumers: Map<string, Outcome> = new Map<string, Outcome>();

  constructor(name: string) {
    super(name, ProviderKind.ApiKey);
  }

  authenticate(request: RequestView): Outcome {
    const found = new FoundCredential();
    for (let i = 0; i < this.sources.length; i++) this.sources[i].collect(request, found);
    if (found.conflict) return Outcome.rejected(Reason.Invalid, "more than one API key");
    const key = found.value;
    if (key === null) return Outcome.missing();
    if (!this.consumers.has(key)) return Outcome.rejected(Reason.Invalid, "unknown API key");
    return this.consumers.get(key);
  }

  challenge(realm: string, outcome: Outcome | null): string | null {
    return "Key realm=" + quoted(realm);
  }
}

export function parseApiKeyProvider(r: ConfigReader, name: string): ApiKeyProvider {
  r.onlyFields(["name", "type", "sources", "consumers"]);
  const provider = new ApiKeyProvider(name);
  provider.sources = parseSources(r, "sources", [new CredentialSource(SourceKind.Header, "x-api-key", "")]);
  const consumers = r.objects("consumers");
  if (r.ok() && consumers.length == 0) r.fail("consumers", "expected at least one consumer");
  const names = new Array<string>();
  for (let i = 0; i < consumers.length && r.ok(); i++) {
    const c = consumers[i];
    c.onlyFields(["name", "keys"]);
    const consumer = c.requiredString("name");
    if (c.ok() && consumer.length == 0) c.fail("name", "expected a non-empty string");
    if (c.ok() && names.includes(consumer)) c.fail("name", "duplicate consumer '" + consumer + "'");
    names.push(consumer);
    const authenticated = Outcome.authenticated(new Identity(name, consumer, null));
    if (!c.has("keys")) c.fail("keys", "is required");
    const keys = c.stringArray("keys");
    if (c.ok() && keys.length == 0) c.fail("keys", "expected at least one key");
    for (let k = 0; k < keys.length && c.ok(); k++) {
      const key = keys[k];
      if (key.length == 0 || key.length > MAX_KEY_LENGTH) c.fail("keys", "expected keys of 1 to 1024 characters");
      else if (provider.consumers.has(key)) c.fail("keys", "duplicate API key (also held by '" + provider.consumers.get(key).identity!.consumer + "')");
      else provider.consumers.set(key, authenticated);
    }
  }
  return provider;
}
