// The shared configuration table (tests/shared/auth_config_cases.ts) on the host emulator: the filter accepts the
// valid configurations and rejects the invalid ones with the log line naming the field, as it must in Envoy
// (tests/e2e/auth_config.test.ts); ajv agrees with both. The scenario's own configuration is valid too.
import { describeConfigTableOnEmulator } from "../../harness/config_table.js";
import { CONFIG_TABLE } from "../shared/auth_config_cases.js";

// The remote JWKS and external providers name these clusters.
describeConfigTableOnEmulator(CONFIG_TABLE, { clusters: ["jwks", "authz"] });
