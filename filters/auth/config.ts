// The auth filter's plugin configuration (schema: config.schema.json). Every error names its field.
import { isIdentifier } from "../../assembly/wire/ascii";
import { ConfigReader } from "../../assembly/config/reader";
import { parseApiKeyProvider } from "./providers/api_key";
import { parseBasicProvider } from "./providers/basic";
import { parseExternalProvider } from "./providers/external";
import { parseJwtProvider } from "./providers/jwt";
import { Provider } from "./providers/provider";
import { Rule, RuleMode, parseRule } from "./rules";

const MAX_PROVIDERS = 16;
const MAX_RULES = 256;

export class AuthConfig {
  realm: string = "envoy";
  providers: Provider[] = [];
  rules: Rule[] = [];
  /** Taken when no rule matches; mode Deny when the configuration has none. */
  defaultRule: Rule = new Rule();
  /** Header names, beyond x-auth-*, that only the filter may set upstream. */
  protectedHeaders: string[] = [];
  /** Rules match :path as sent instead of its canonical form (and never refuse an ambiguous one). */
  rawPath: bool = false;
}

/** Reads the configuration; a mistake is left in `reader` (readPluginConfiguration logs it). */
export function parseConfig(reader: ConfigReader): AuthConfig {
  reader.onlyFields(["realm", "providers", "rules", "default_rule", "raw_path"]);
  const config = new AuthConfig();
  config.realm = reader.string("realm", config.realm);
  config.rawPath = reader.bool("raw_path", false);
  const providers = reader.objects("providers");
  if (reader.ok() && providers.length == 0) reader.fail("providers", "expected at least one provider");
  if (providers.length > MAX_PROVIDERS) reader.fail("providers", "at most " + MAX_PROVIDERS.toString() + " providers");
  const names = new Array<string>();
  for (let i = 0; i < providers.length && reader.ok(); i++) {
    const provider = parseProvider(providers[i], names);
    if (provider === null) break;
    names.push(provider.name);
    config.providers.push(provider);
    const extra = provider.headerNames();
    for (let h = 0; h < extra.length; h++) if (!config.protectedHeaders.includes(extra[h])) config.protectedHeaders.push(extra[h]);
  }
  const rules = reader.objects("rules");
  if (rules.length > MAX_RULES) reader.fail("rules", "at most " + MAX_RULES.toString() + " rules");
  for (let i = 0; i < rules.length && reader.ok(); i++) config.rules.push(parseRule(rules[i], names, true, "rule_" + i.toString(), config.rawPath));
  if (reader.has("default_rule")) config.defaultRule = parseRule(reader.object("default_rule"), names, false, "default", config.rawPath);
  else config.defaultRule.name = "default";
  if (reader.ok() && config.rules.length == 0 && config.defaultRule.mode == RuleMode.Deny) {
    reader.fail("rules", "expected at least one rule or a default_rule");
  }
  return config;
}

function parseProvider(r: ConfigReader, earlier: string[]): Provider | null {
  const name = r.requiredString("name");
  if (r.ok() && !isIdentifier(name)) r.fail("name", "expected 1 to 64 characters a-z, 0-9 and _, starting with a letter");
  if (r.ok() && earlier.includes(name)) r.fail("name", "duplicate provider name '" + name + "'");
  const type = r.requiredString("type");
  if (!r.ok()) return null;
  if (type == "api_key") return parseApiKeyProvider(r, name);
  if (type == "basic") return parseBasicProvider(r, name);
  if (type == "jwt") return parseJwtProvider(r, name);
  if (type == "external") return parseExternalProvider(r, name);
  r.fail("type", "expected \"jwt\", \"api_key\", \"basic\" or \"external\"");
  return null;
}
