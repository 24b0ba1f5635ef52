// A Thrift client on Apache Thrift's Node library (npm `thrift`), driven over stdin by harness/peers/thrift.ts:
//
//   node client.mjs HOST PORT TRANSPORT PROTOCOL MULTIPLEXED TIMEOUT_MS GEN_DIR
//
// The same line protocol as client.py: it prints "ready", reads {"id", "calls": [...]} lines and answers each with
// {"id", "answers": [...]}. Unlike client.py it does not wait for one request's answers before it sends the next
// request's calls: the library numbers calls 1, 2, 3... and matches replies by seqid, so everything in flight shares
// the one connection. A request of several calls writes them all before any reply is read (a pipeline).
// After a connection error, a close or TIMEOUT_MS without a reply while calls wait, every waiting call fails and the
// next call connects again.
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { inherits } from "node:util";
import thrift from "thrift";

const [host, portText, transport, protocol, multiplexedFlag, timeoutText, genDir] = process.argv.slice(2);
const multiplexed = multiplexedFlag === "1";
const timeoutMs = Number(timeoutText);
const require = createRequire(join(genDir, "index.js"));
const services = { Greeter: require("./Greeter.js"), Inventory: require("./Inventory.js") };
const ttypes = require("./shop_types.js");

/**
 * THeaderProtocol that keeps each reply's info headers by seqid (the library never clears its header table). A
 * function, not a class: the library's multiplexer calls the protocol constructor without `new`.
 */
function RecordingHeaderProtocol(trans) {
  thrift.THeaderProtocol.call(this, trans);
}
inherits(RecordingHeaderProtocol, thrift.THeaderProtocol);
const replyHeaders = new Map();
RecordingHeaderProtocol.prototype.readMessageBegin = function () {
  const begin = thrift.THeaderProtocol.prototype.readMessageBegin.call(this);
  replyHeaders.set(begin.rseqid, { ...this.trans.getReadHeaders() });
  this.trans.clearReadHeaders();
  return begin;
};

// A THeader frame carries its own length: the library reads and writes it with THeaderProtocol over the buffered
// (unframed) transport.
const transports = { framed: thrift.TFramedTransport, buffered: thrift.TBufferedTransport, header: thrift.TBufferedTransport };
const protocols = { binary: thrift.TBinaryProtocol, compact: thrift.TCompactProtocol };

function toJson(value) {
  if (value === null || value === undefined) return null;
  if (value instanceof thrift.Int64) return value.toNumber(true);
  if (Array.isArray(value)) return value.map(toJson);
  if (value instanceof ttypes.Receipt) {
    // A Thrift set arrives as an array in wire order; client.py sorts its sets, so sort this one too.
    const json = plain(value);
    if (Array.isArray(json.quantities)) json.quantities = json.quantities.map((set) => [...set].sort((a, b) => a - b));
    return json;
  }
  if (typeof value === "object") return plain(value);
  return value;
}

function plain(object) {
  const json = {};
  for (const [key, field] of Object.entries(object)) if (field !== null && field !== undefined) json[key] = toJson(field);
  return json;
}

function failure(error) {
  if (typeof error === "string") return { ok: false, exception: "Error", message: error };
  if (error instanceof ttypes.GreetingError) return { ok: false, exception: "GreetingError", message: error.reason, value: { reason: error.reason } };
  const answer = { ok: false, exception: error?.name ?? "Error", message: String(error?.message ?? error) };
  if (typeof error?.type === "number") answer.type = error.type;
  if (typeof error?.code === "string") answer.code = error.code;
  return answer;
}

let connection;

/** The connection (made on first use) with a client per service, and the calls waiting on it. */
function connect() {
  if (connection) return connection;
  const conn = thrift.createConnection(host, Number(portText), {
    transport: transports[transport],
    protocol: transport === "header" ? RecordingHeaderProtocol : protocols[protocol],
    // The socket's idle timeout (the library sets it once connected, replacing any set before).
    timeout: timeoutMs,
  });
  const state = { conn, clients: {}, waiting: new Set(), serviceOf: new Map() };
  const fail = (error) => {
    if (connection === state) connection = undefined;
    for (const reject of state.waiting) reject(error);
    state.waiting.clear();
  };
  conn.on("error", (error) => {
    fail(error);
    conn.connection.destroy();
  });
  conn.on("close", () => fail({ name: "ConnectionClosed", message: "the connection closed before the reply" }));
  conn.connection.on("timeout", () => {
    if (state.waiting.size === 0) return;
    fail({ name: "Timeout", message: `no reply in ${timeoutMs} ms` });
    conn.connection.destroy();
  });
  if (multiplexed) {
    const multiplexer = new thrift.Multiplexer();
    for (const [name, module] of Object.entries(services)) state.clients[name] = multiplexer.createClient(name, module, conn);
  } else {
    // One connection, two services, no service name on the wire: replies go to the client that sent that seqid.
    const shared = { seqid: 0, reqs: {} };
    for (const [name, module] of Object.entries(services)) {
      const client = thrift.createClient(module, conn);
      client._reqs = shared.reqs;
      client.new_seqid = () => (shared.seqid += 1);
      state.clients[name] = client;
    }
    conn.client = new Proxy(
      {},
      {
        get(_, property) {
          if (property === "_reqs") return shared.reqs;
          if (typeof property !== "string" || !property.startsWith("recv_")) return undefined;
          return (input, mtype, dummySeqid) => {
            const name = state.serviceOf.get(-dummySeqid) ?? "Greeter";
            state.serviceOf.delete(-dummySeqid);
            const receive = state.clients[name][property] ?? state.clients.Greeter[property];
            return receive.call(state.clients[name], input, mtype, dummySeqid);
          };
        },
        has: (_, property) => property === "_reqs" || (typeof property === "string" && property.startsWith("recv_")),
      },
    );
  }
  if (transport === "header") {
    for (const client of Object.values(state.clients)) {
      // THeader subprotocol ids: 0 binary, 2 compact.
      client.output.setProtocolId(protocol === "compact" ? 2 : 0);
      // The generated client flushes the transport, not the protocol, so THeaderProtocol.flush never adds the
      // header: add it here, as that flush would.
      const flush = client.output.flush.bind(client.output);
      client.output.flush = () => {
        client.output.writeHeaders();
        return flush();
      };
    }
  }
  return (connection = state);
}

/** Sends one call now; resolves with its answer once the reply (or a failure) arrives. */
function start(call) {
  const serviceName = call.service ?? "Greeter";
  const module = services[serviceName];
  const method = call.method;
  if (!module || typeof module.Client.prototype[`send_${method}`] !== "function") {
    return Promise.resolve({ ok: false, exception: "UnknownMethod", message: `${serviceName} has no method ${method}` });
  }
  const state = connect();
  const client = state.clients[serviceName];
  if (transport === "header") {
    client.output.clearWriteHeaders();
    for (const [key, value] of Object.entries(call.headers ?? {})) client.output.setWriteHeader(key, value);
  }
  let reject;
  const failed = new Promise((_, r) => (reject = r));
  state.waiting.add(reject);
  let reply;
  let seqid;
  try {
    reply = client[method](...(call.args ?? []));
    seqid = client.seqid();
    if (!multiplexed) state.serviceOf.set(seqid, serviceName);
  } catch (error) {
    state.waiting.delete(reject);
    return Promise.resolve(failure(error));
  }
  return Promise.race([reply, failed]).then(
    (value) => {
      const answer = { ok: true, value: toJson(value) };
      return withHeaders(answer, seqid);
    },
    (error) => withHeaders(failure(error), seqid),
  ).finally(() => state.waiting.delete(reject));
}

function withHeaders(answer, seqid) {
  if (transport !== "header") return answer;
  const headers = replyHeaders.get(seqid);
  replyHeaders.delete(seqid);
  if (headers) answer.headers = headers;
  return answer;
}

const requests = new Set();
console.log("ready");
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const request = JSON.parse(line);
  const answered = Promise.all(request.calls.map(start)).then((answers) => console.log(JSON.stringify({ id: request.id, answers })));
  requests.add(answered);
  void answered.finally(() => requests.delete(answered));
}
await Promise.allSettled([...requests]);
connection?.conn.end();
