// The Thrift workload (an RpcWorkload of tcp_load.ts): greet calls as Apache Thrift's Python client writes them,
// framed transport and binary protocol (tests/fixtures/thrift/messages.json), answered by the responder that replies
// to every call with the Python server's captured result, the call's name and seqid copied in
// (harness/upstreams/thrift_responder.ts): for this call, the captured reply byte for byte. The Python client sends
// seqid 0 on every call, so the calls are sent as captured: the filter, like the client, matches replies in order.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../harness/paths.js";
import { startThriftResponder } from "../harness/upstreams/thrift_responder.js";
import type { RpcWorkload } from "./tcp_load.js";

interface CapturedMessage {
  call: string;
  client: string;
  transport: string;
  protocol: string;
  direction: "request" | "response";
  hex: string;
}

function captured(direction: CapturedMessage["direction"]): Buffer {
  const { messages } = JSON.parse(readFileSync(join(projectRoot(), "tests/fixtures/thrift/messages.json"), "utf8")) as { messages: CapturedMessage[] };
  const message = messages.find((m) => m.call === "greet" && m.client === "python" && m.transport === "framed" && m.protocol === "binary" && m.direction === direction);
  if (!message) throw new Error(`tests/fixtures/thrift/messages.json has no framed/binary Python greet ${direction}`);
  return Buffer.from(message.hex, "hex");
}

/** The greet call (32 bytes) and its reply (39 bytes), as Apache Thrift's Python client and server wrote them. */
export const THRIFT_GREET_REQUEST = captured("request");
export const THRIFT_GREET_RESPONSE = captured("response");

export const THRIFT_WORKLOAD: RpcWorkload = {
  protocol: "thrift",
  responseBytes: THRIFT_GREET_RESPONSE.length,
  calls: () => ({ next: () => THRIFT_GREET_REQUEST, answerBytes: THRIFT_GREET_RESPONSE.length }),
  startResponder: () => startThriftResponder(),
};
