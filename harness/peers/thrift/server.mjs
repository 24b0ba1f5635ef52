// A Thrift server on Apache Thrift's Node library (npm `thrift`), started by harness/peers/thrift.ts:
//
//   node server.mjs HOST PORT TRANSPORT PROTOCOL SERVICE GEN_DIR
//
// TRANSPORT is framed, buffered or header; PROTOCOL binary or compact (a header server answers in the subprotocol
// each call's header names); SERVICE is Greeter, Inventory or multiplexed (both, under those names); GEN_DIR holds
// what `thrift --gen js:node,es6` made of shop.thrift. Prints "ready" once it listens. The same handlers as server.py.
//
// THeader info headers: every header a call brought is written back on its reply as "echo-<name>", and
// Greeter.headers() returns them. The library keeps one header table per connection and never clears it, so each
// call's headers are taken (and the table cleared) as its message begins, and set again as its reply begins.
// The library's THeader server needs one fix to answer in THeader at all (see watchHeaders).
import { createRequire } from "node:module";
import { join } from "node:path";
import thrift from "thrift";

const [host, portText, transport, protocol, service, genDir] = process.argv.slice(2);
const require = createRequire(join(genDir, "index.js"));
const Greeter = require("./Greeter.js");
const Inventory = require("./Inventory.js");
const ttypes = require("./shop_types.js");
const { MessageType } = thrift.Thrift;

let currentHeaders = {};
const notified = { count: 0, last: "" };

const greeter = {
  greet: (name) => `hello, ${name}`,
  ping: () => undefined,
  notify: (event) => {
    notified.count += 1;
    notified.last = event;
  },
  notified: () => `${notified.count}:${notified.last}`,
  // Rejected promises, not throws: the generated processor (es6) passes only a rejection to its error reply.
  fail: async (reason) => {
    throw new ttypes.GreetingError({ reason });
  },
  crash: async (reason) => {
    throw new Error(reason);
  },
  order: (order) => {
    const byName = {};
    let count = 0;
    let total = 0;
    const quantities = [];
    for (const line of order.lines ?? []) {
      const seen = new Set();
      for (const [key, item] of Object.entries(line)) {
        (byName[key] ??= []).push(item);
        count += 1;
        total += item.price * item.quantity;
        seen.add(item.quantity);
      }
      quantities.push([...seen]);
    }
    if (order.gift) {
      (byName.gift ??= []).push(order.gift);
      count += 1;
    }
    if (order.express) total += 5;
    return new ttypes.Receipt({ orderId: order.id, byName, count, total, quantities });
  },
  slow: (millis) => new Promise((resolve) => setTimeout(() => resolve(`slept ${millis}`), millis)),
  headers: () => ({ ...currentHeaders }),
};
const inventory = {
  stock: (item) => item.length,
  greet: (name) => `inventory greets ${name}`,
};

let inner;
if (service === "multiplexed") {
  inner = new thrift.MultiplexedProcessor();
  inner.registerProcessor("Greeter", new Greeter.Processor(greeter));
  inner.registerProcessor("Inventory", new Inventory.Processor(inventory));
} else {
  inner = service === "Inventory" ? new Inventory.Processor(inventory) : new Greeter.Processor(greeter);
}

/** Takes each call's info headers as its message begins and puts them on its reply, keyed by seqid. */
function watchHeaders(prot) {
  if (prot.headersWatched) return;
  prot.headersWatched = true;
  const trans = prot.trans;
  trans.echoes ??= new Map();
  const readMessageBegin = prot.readMessageBegin.bind(prot);
  prot.readMessageBegin = () => {
    // After each message the server reads again to learn whether another one is buffered. On an empty buffer the
    // library's THeaderTransport.readHeaders sets shouldWriteHeaders to false before that read fails, and every reply
    // of a handler that answers later (a promise: all of them) then goes out unframed, without its header. The
    // failed read says nothing about the connection, so it must not change how the replies are written.
    const shouldWriteHeaders = trans.shouldWriteHeaders;
    let begin;
    try {
      begin = readMessageBegin();
    } catch (error) {
      trans.shouldWriteHeaders = shouldWriteHeaders;
      throw error;
    }
    currentHeaders = { ...trans.getReadHeaders() };
    trans.clearReadHeaders();
    if (transport === "header" && begin.mtype !== MessageType.ONEWAY) {
      const queue = trans.echoes.get(begin.rseqid) ?? [];
      queue.push(currentHeaders);
      trans.echoes.set(begin.rseqid, queue);
    }
    return begin;
  };
  const writeMessageBegin = prot.writeMessageBegin.bind(prot);
  prot.writeMessageBegin = (name, type, seqid) => {
    const queue = trans.echoes.get(seqid);
    const headers = queue?.shift() ?? {};
    if (queue?.length === 0) trans.echoes.delete(seqid);
    trans.clearWriteHeaders();
    for (const [key, value] of Object.entries(headers)) trans.setWriteHeader(`echo-${key}`, value);
    return writeMessageBegin(name, type, seqid);
  };
}

const processor = {
  process(input, output) {
    watchHeaders(input);
    return inner.process(input, output);
  },
};

// A THeader frame carries its own length: the library reads and writes it with THeaderProtocol over the buffered
// (unframed) transport.
const transports = { framed: thrift.TFramedTransport, buffered: thrift.TBufferedTransport, header: thrift.TBufferedTransport };
const protocols = { binary: thrift.TBinaryProtocol, compact: thrift.TCompactProtocol };
const server = thrift.createMultiplexServer(processor, {
  transport: transports[transport],
  protocol: transport === "header" ? thrift.THeaderProtocol : protocols[protocol],
});
server.on("error", (error) => console.error(`thrift server: ${error?.stack ?? error}`));
server.listen(Number(portText), host, () => console.log("ready"));
