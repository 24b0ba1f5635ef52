// Every verb of the CLI, in the order `--help` lists them.
import { benchCommand } from "./bench.js";
import { buildCommand } from "./build.js";
import type { Command } from "./command.js";
import { compatCommand } from "./compat.js";
import { envoyCommand } from "./envoy.js";
import { istioCommand } from "./istio.js";
import { provisionCommand } from "./provision.js";
import { pushCommand } from "./push.js";
import { runCommand } from "./run.js";
import { testCommand } from "./test.js";
import { validateCommand } from "./validate.js";

export const COMMANDS: readonly Command[] = [buildCommand, runCommand, testCommand, compatCommand, benchCommand, validateCommand, pushCommand, istioCommand, envoyCommand, provisionCommand];
