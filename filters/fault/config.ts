// The fault filter's configuration (schema: config.schema.json). Every error names its field.
import { ConfigReader } from "../../assembly/config/reader";
import { NO_GRPC_STATUS } from "../../assembly";
import { isIdentifier } from "../../assembly/wire/ascii";
import { Cidr } from "../../assembly/wire/ip";
import { ConditionHeaders, headerName, parseConditionGroup, parseStickyKey } from "../../common/match/condition_config";
import { POINTS_PER_PERCENT } from "../../common/match/sticky_point";
import { parseRfc3339 } from "../../common/rfc3339";
import { AbortSpec } from "./abort";
import { DelaySpec, PercentilePoint } from "./delay";
import { Experiment, ResponseFault } from "./experiment";
import { HeaderFaults } from "./header_faults";

const MAX_EXPERIMENTS = 64;
/** The longest delay: a minute, far past any client's timeout (as the Dubbo and Thrift filters' delay_ms). */
const MAX_DELAY_MS: i64 = 60_000;
const MAX_BODY = 4096;
const NANOS_PER_SECOND: u64 = 1_000_000_000;

export class FaultConfig {
  experiments: Experiment[] = [];
  headerFaults: HeaderFaults | null = null;
}

/** Reads the configuration; `nowNs` (wall clock) starts each `duration_seconds`. */
export function parseConfig(r: ConfigReader, nowNs: u64): FaultConfig {
  r.onlyFields(["identity_header", "tag_header", "experiments", "header_faults"]);
  const config = new FaultConfig();
  const headers = new ConditionHeaders(headerName(r, "identity_header", "x-auth-consumer"), headerName(r, "tag_header", "x-route-tag"));
  const readers = r.objects("experiments");
  if (readers.length > MAX_EXPERIMENTS) r.fail("experiments", "at most 64 experiments");
  const names = new Array<string>();
  for (let i = 0; i < readers.length && r.ok(); i++) {
    const experiment = parseExperiment(readers[i], headers, nowNs);
    if (names.includes(experiment.name)) readers[i].fail("name", "duplicate experiment name '" + experiment.name + "'");
    names.push(experiment.name);
    config.experiments.push(experiment);
  }
  if (r.has("header_faults")) config.headerFaults = parseHeaderFaults(r.object("header_faults"), headers.identity);
  if (r.ok() && config.experiments.length == 0 && config.headerFaults === null) r.fail("experiments", "expected at least one experiment (or header_faults)");
  return config;
}

function parseExperiment(r: ConfigReader, headers: ConditionHeaders, nowNs: u64): Experiment {
  r.onlyFields(["name", "match", "conditions", "percent", "by", "salt", "delay_ms", "delay_distribution", "abort", "response", "start", "end", "duration_seconds", "max_active", "max_per_minute"]);
  const e = new Experiment();
  e.name = r.requiredString("name");
  if (r.ok() && !isIdentifier(e.name)) r.fail("name", "expected 1 to 64 characters a-z, 0-9 and _, starting with a letter");
  if (r.has("conditions") || r.has("match")) {
    e.everyRequest = false;
    parseConditionGroup(r, headers, e);
  }
  e.points = <u32>Math.round(r.decimal("percent", 100, 0, 100, 2) * <f64>POINTS_PER_PERCENT);
  if (r.has("by")) e.by = parseStickyKey(r.object("by"), headers);
  e.salt = r.string("salt", e.name);
  if (r.has("salt") && !r.has("by")) r.fail("salt", "applies to a sticky share only (with \"by\")");

  if (r.has("delay_ms") && r.has("delay_distribution")) r.fail("delay_distribution", "give \"delay_ms\" or \"delay_distribution\", not both");
  if (r.has("delay_ms")) e.delay = DelaySpec.fixed(<u32>r.int("delay_ms", 0, 1, MAX_DELAY_MS));
  if (r.has("delay_distribution")) e.delay = parseDistribution(r.object("delay_distribution"));
  if (r.has("abort")) e.abort = parseAbort(r.object("abort"));
  if (r.has("response")) e.response = parseResponse(r.object("response"));
  if (r.ok() && e.delay === null && e.abort === null && e.response === null) r.fail("name", "experiment '" + e.name + "' has no fault: give delay_ms, delay_distribution, abort or response");

  if (r.has("start")) e.startNs = timestamp(r, "start");
  if (r.has("end")) e.endNs = timestamp(r, "end");
  if (r.has("duration_seconds")) {
    if (r.has("end")) r.fail("duration_seconds", "give \"end\" or \"duration_seconds\", not both");
    const seconds = <u64>r.int("duration_seconds", 1, 1, 366 * 86400);
    e.endNs = (e.startNs > nowNs ? e.startNs : nowNs) + seconds * NANOS_PER_SECOND;
  }
  if (r.ok() && e.endNs != 0 && e.endNs <= e.startNs) r.fail("end", "is not after \"start\"");
  e.window = r.string("start", "") + "|" + r.string("end", "") + "|" + r.int("duration_seconds", 0, 1, 366 * 86400).toString();
  e.maxActive = <u64>r.int("max_active", 0, 1, 1_000_000);
  e.maxPerMinute = <u32>r.int("max_per_minute", 0, 1, 1_000_000);
  return e;
}

function parseDistribution(r: ConfigReader): DelaySpec {
  r.onlyFields(["min_ms", "max_ms", "percentiles"]);
  const spec = new DelaySpec();
  if (r.has("percentiles")) {
    if (r.has("min_ms") || r.has("max_ms")) r.fail("percentiles", "give \"min_ms\" and \"max_ms\", or \"percentiles\", not both");
    const points = r.objects("percentiles");
    if (r.ok() && (points.length == 0 || points.length > 16)) r.fail("percentiles", "expected 1 to 16 points");
    for (let i = 0; i < points.length && r.ok(); i++) {
      const point = points[i];
      point.onlyFields(["percentile", "ms"]);
      if (!point.has("percentile")) point.fail("percentile", "is required");
      if (!point.has("ms")) point.fail("ms", "is required");
      const percentile = point.decimal("percentile", 0, 0, 100, 2);
      const ms = <u32>point.int("ms", 0, 0, MAX_DELAY_MS);
      if (point.ok() && i > 0) {
        const previous = spec.percentiles[i - 1];
        if (percentile <= previous.percentile) point.fail("percentile", "percentiles must ascend");
        else if (ms < previous.ms) point.fail("ms", "a higher percentile cannot have a shorter delay");
      }
      spec.percentiles.push(new PercentilePoint(percentile, ms));
    }
    return spec;
  }
  if (!r.has("min_ms")) r.fail("min_ms", "is required (or \"percentiles\")");
  if (!r.has("max_ms")) r.fail("max_ms", "is required");
  spec.minMs = <u32>r.int("min_ms", 0, 0, MAX_DELAY_MS);
  spec.maxMs = <u32>r.int("max_ms", 0, 0, MAX_DELAY_MS);
  if (r.ok() && spec.maxMs < spec.minMs) r.fail("max_ms", "is below \"min_ms\"");
  return spec;
}

function parseAbort(r: ConfigReader): AbortSpec {
  r.onlyFields(["status", "body", "grpc_status"]);
  if (!r.has("status") && !r.has("grpc_status")) r.fail("status", "is required (or \"grpc_status\")");
  const status = <u32>r.int("status", 200, 200, 599);
  const body = r.string("body", "fault filter abort");
  if (r.ok() && body.length > MAX_BODY) r.fail("body", "at most 4096 characters");
  const grpcStatus = <i32>r.int("grpc_status", NO_GRPC_STATUS, 0, 16);
  return new AbortSpec(status, body, grpcStatus);
}

function parseResponse(r: ConfigReader): ResponseFault {
  r.onlyFields(["delay_ms", "bytes_per_second", "replace"]);
  const fault = new ResponseFault();
  if (r.has("delay_ms")) fault.delay = DelaySpec.fixed(<u32>r.int("delay_ms", 0, 1, MAX_DELAY_MS));
  fault.bytesPerSecond = <u64>r.int("bytes_per_second", 0, 1, 1 << 30);
  if (r.has("replace")) fault.replace = parseAbort(r.object("replace"));
  if (r.ok() && fault.delay === null && fault.bytesPerSecond == 0 && fault.replace === null) r.fail("response", "expected delay_ms, bytes_per_second or replace");
  return fault;
}

function parseHeaderFaults(r: ConfigReader, identityHeader: string): HeaderFaults {
  r.onlyFields(["allow_identities", "allow_source_ips", "max_delay_ms"]);
  const faults = new HeaderFaults();
  faults.identityHeader = identityHeader;
  faults.identities = r.stringArray("allow_identities");
  const ranges = r.stringArray("allow_source_ips");
  for (let i = 0; i < ranges.length && r.ok(); i++) {
    const network = Cidr.parse(ranges[i]);
    if (network === null) r.fail("allow_source_ips", "expected addresses or CIDR ranges (10.0.0.0/8, 2001:db8::/32), got '" + ranges[i] + "'");
    else faults.networks.push(network);
  }
  if (r.ok() && faults.identities.length == 0 && faults.networks.length == 0) r.fail("allow_identities", "name who may ask for faults: allow_identities or allow_source_ips");
  faults.maxDelayMs = <u32>r.int("max_delay_ms", 10_000, 1, MAX_DELAY_MS);
  return faults;
}

function timestamp(r: ConfigReader, field: string): u64 {
  const ns = parseRfc3339(r.string(field, ""));
  if (r.ok() && ns < 0) r.fail(field, "expected an RFC 3339 time such as 2026-12-08T10:00:00Z");
  return ns < 0 ? 0 : <u64>ns;
}
