// The shared configuration table (tests/shared/route_meta_config_cases.ts) on the host emulator: the filter accepts
// the valid configurations and rejects the invalid ones with the log line naming the field, as it must in Envoy
// (tests/e2e/route_meta_config.test.ts); ajv agrees with both.
import { describeConfigTableOnEmulator } from "../../harness/config_table.js";
import { CONFIG_TABLE } from "../shared/route_meta_config_cases.js";

describeConfigTableOnEmulator(CONFIG_TABLE);
