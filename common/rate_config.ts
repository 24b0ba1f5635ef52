// A limit as the configuration writes it ({ "requests": 100, "per": "second", "burst": 200 }), for every filter that
// takes one: the ratelimit filter's local rules and the dubbo filter's limit rules.
import { ConfigReader } from "../assembly/config/reader";
import { MAX_BURST, MAX_REQUESTS, NANOS_PER_SECOND, Rate } from "./token_bucket";

const UNITS: string[] = ["second", "minute", "hour"];
const UNIT_SECONDS: u64[] = [1, 60, 3600];

/** Reads a limit object; a mistake is left in `r`, naming the field. */
export function parseRate(r: ConfigReader): Rate {
  r.onlyFields(["requests", "per", "burst"]);
  if (!r.has("requests")) r.fail("requests", "is required");
  const requests = <u64>r.int("requests", 1, 1, <i64>MAX_REQUESTS);
  const per = r.string("per", "");
  const unit = UNITS.indexOf(per);
  if (r.ok() && unit < 0) r.fail("per", "expected \"second\", \"minute\" or \"hour\"");
  const burst = <u64>r.int("burst", <i64>requests, 1, <i64>MAX_BURST);
  return new Rate(requests, (unit < 0 ? 1 : UNIT_SECONDS[unit]) * NANOS_PER_SECOND, burst);
}

/** The rate as text, for fingerprints: a changed limit is a different text. */
export function rateText(rate: Rate): string {
  return rate.requests.toString() + "/" + rate.periodNs.toString() + "/" + rate.burst.toString();
}
