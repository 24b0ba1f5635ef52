// The real Apache Dubbo 3.3.6 speaking Triple (its default protocol: gRPC-compatible HTTP/2) on both sides of the
// HTTP filters: shop.TripleGreeterProvider (interface mode, hessian2, no .proto, no registry) listens on [::1] only,
// and shop.TripleGreeterConsumer takes calls on stdin and prints what Dubbo answered. Both are built with the dubbo
// peers (harness/peers/dubbo.ts). The consumer is given tri://[::1]:PORT: Dubbo would swap an IPv4 loopback target for
// the host's own address.
import type { Log } from "../tools.js";
import { attachmentsField, consumerField, consumerLines, startJava } from "./dubbo.js";
import { freeLoopbackPort, stopProcess } from "./local_process.js";

/** A call as the provider printed it when it served it. */
export interface TripleServed {
  method: string;
  arg: string;
}

export interface TripleProvider {
  port: number;
  /** Named in every answer ("hello, ann from v1"). */
  name: string;
  /** Every call this provider served so far, in order. */
  served(): TripleServed[];
  stop(): Promise<void>;
}

/** A TripleGreeterService provider on [::1]:port whose answers say `name` served them. */
export async function startTripleProvider(name: string, log: Log = () => {}): Promise<TripleProvider> {
  const port = await freeLoopbackPort("::1");
  const java = await startJava("shop.TripleGreeterProvider", [String(port), name], log);
  const served: TripleServed[] = [];
  void (async () => {
    for await (const line of { [Symbol.asyncIterator]: () => java.lines }) {
      const [kind, method, ...arg] = line.split("\t");
      if (kind === "call") served.push({ method, arg: arg.join("\t") });
    }
  })();
  return { port, name, served: () => [...served], stop: () => stopProcess(java.child) };
}

export interface TripleCall {
  method: "greet" | "attachment" | "order" | "preview";
  arg?: string;
  /** Client attachments; Triple sends each as an HTTP/2 header (use lowercase names, as HTTP/2 requires). */
  attachments?: Record<string, string>;
}

/** What the Java consumer got: the value, or the exception's class and message. */
export interface TripleAnswer {
  ok: boolean;
  /** The value as text, or "<exception class>: <message>". */
  text: string;
}

export interface TripleConsumer {
  /** One call; calls made without awaiting overlap on the consumer's one HTTP/2 connection. */
  call(call: TripleCall): Promise<TripleAnswer>;
  stop(): Promise<void>;
}

/** A Java Triple consumer of tri://[::1]:port (hessian2, no retries, 5 s timeout), one reference, one connection. */
export async function startTripleConsumer(port: number, log: Log = () => {}): Promise<TripleConsumer> {
  const consumer = consumerLines(await startJava("shop.TripleGreeterConsumer", [String(port)], log));
  return {
    call: (call) => consumer.send([call.method, consumerField(call.arg ?? ""), attachmentsField(call.attachments)]),
    stop: () => consumer.stop(),
  };
}
