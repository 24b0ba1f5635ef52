// The starter filter: what every filter here has, on one page. It adds a response header whose name and value
// come from the configuration, and counts the requests it saw. To begin a filter, copy this folder to
// filters/<name>/ and follow filters/README.md.
export * from "../../assembly/abi/exports";
import { Action, ConfigReader, Counter, HttpContext, RootContext, logInfo, readPluginConfiguration, setRootContext } from "../../assembly";
import { isToken } from "../../assembly/wire/ascii";

/** The plugin configuration (config.schema.json), read once per configuration and shared by every request. */
class StarterConfig {
  header: string = "x-starter";
  value: string = "hello";
}

/** Every mistake names its field; readPluginConfiguration logs it and Envoy refuses the configuration. */
function parseConfig(reader: ConfigReader): StarterConfig {
  reader.onlyFields(["header", "value"]);
  const config = new StarterConfig();
  config.header = reader.string("header", config.header);
  if (reader.ok() && !isToken(config.header, true)) reader.fail("header", "expected a lower-case HTTP header name");
  config.value = reader.string("value", config.value);
  return config;
}

/** One per worker: reads the configuration, owns the stats, makes a context per request. */
class StarterRoot extends RootContext {
  private config: StarterConfig = new StarterConfig();
  private requests!: Counter;

  onVmStart(vmConfigurationSize: u32): bool {
    this.requests = new Counter("starter.requests");
    return true;
  }

  onConfigure(pluginConfigurationSize: u32): bool {
    const parsed = readPluginConfiguration<StarterConfig>("starter", parseConfig);
    if (!parsed.ok()) return false;
    this.config = parsed.value;
    logInfo("starter: configured header '" + this.config.header + "'");
    return true;
  }

  // The request gets what it needs (the configuration, the counter), never the root.
  createHttpContext(id: u32): HttpContext | null {
    return new StarterHttp(id, this.config, this.requests);
  }
}

/** One per request; every callback it does not override continues. */
class StarterHttp extends HttpContext {
  constructor(id: u32, private config: StarterConfig, private requests: Counter) {
    super(id);
  }

  onRequestHeaders(numHeaders: u32, endOfStream: bool): Action {
    this.requests.increment();
    return Action.Continue;
  }

  onResponseHeaders(numHeaders: u32, endOfStream: bool): Action {
    this.addResponseHeader(this.config.header, this.config.value);
    return Action.Continue;
  }
}

setRootContext((id: u32): RootContext => new StarterRoot(id));
