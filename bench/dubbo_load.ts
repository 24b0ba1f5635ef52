// The Dubbo workload (an RpcWorkload of tcp_load.ts): greet calls, the request frame captured from the real Java
// consumer (tests/fixtures/dubbo/frames.json) with a fresh request id each time, answered by the responder that
// replies to every request frame with the captured response for its id (harness/upstreams/dubbo_responder.ts).
import { GREET_REQUEST as REQUEST, GREET_RESPONSE as RESPONSE, startDubboResponder } from "../harness/upstreams/dubbo_responder.js";
import type { RpcWorkload } from "./tcp_load.js";

export const DUBBO_WORKLOAD: RpcWorkload = {
  protocol: "dubbo",
  responseBytes: RESPONSE.length,
  calls() {
    let nextId = 1n;
    const next = () => {
      const call = Buffer.from(REQUEST);
      call.writeBigUInt64BE(nextId++, 4);
      return call;
    };
    return { next, answerBytes: RESPONSE.length };
  },
  startResponder: () => startDubboResponder(),
};
