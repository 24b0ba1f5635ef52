"""A Thrift client on Apache Thrift's Python library, driven over stdin (harness/peers/thrift.ts starts it).

    client.py HOST PORT TRANSPORT PROTOCOL MULTIPLEXED TIMEOUT_MS

TRANSPORT is framed, buffered or header; PROTOCOL binary or compact; MULTIPLEXED 1 wraps the protocol in
TMultiplexedProtocol per service. Prints "ready", then reads one JSON line per request:

    {"id": 7, "calls": [{"service": "Greeter", "method": "greet", "args": ["ann"], "headers": {"k": "v"}}, ...]}

and sends every call of the request on its one connection before it reads the first reply (a request of one call is
a plain call, of several a pipeline). The generated client numbers every call 0 and takes replies in order, as a
Thrift server answers per connection. It answers with one line:

    {"id": 7, "answers": [{"ok": true, "value": ...} | {"ok": false, "exception": "GreetingError", "message": ...}]}

A oneway call is answered once it is sent. After a transport or protocol error the connection is closed, the calls
left in the request share that error, and the next request connects again.
"""
import json
import sys

from thrift.protocol import TBinaryProtocol, TCompactProtocol
from thrift.protocol.THeaderProtocol import THeaderProtocol
from thrift.protocol.TMultiplexedProtocol import TMultiplexedProtocol
from thrift.Thrift import TApplicationException, TException, TType
from thrift.transport import TSocket, TTransport
from thrift.transport.THeaderTransport import THeaderClientType, THeaderSubprotocolID

from shop import Greeter, Inventory

SERVICES = {"Greeter": Greeter, "Inventory": Inventory}


def from_json(ttype, targs, value):
    """The Python value thrift_spec wants for a JSON value."""
    if value is None:
        return None
    if ttype == TType.STRUCT:
        cls = targs[0]
        return cls(**{s[2]: from_json(s[1], s[3], value[s[2]]) for s in cls.thrift_spec if s is not None and s[2] in value})
    if ttype == TType.LIST:
        return [from_json(targs[0], targs[1], v) for v in value]
    if ttype == TType.SET:
        return set(from_json(targs[0], targs[1], v) for v in value)
    if ttype == TType.MAP:
        return {from_json(targs[0], targs[1], k): from_json(targs[2], targs[3], v) for k, v in value.items()}
    if ttype == TType.DOUBLE:
        return float(value)
    if ttype in (TType.BYTE, TType.I16, TType.I32, TType.I64):
        return int(value)
    return value


def to_json(value):
    if hasattr(value, "thrift_spec"):
        return {s[2]: to_json(getattr(value, s[2])) for s in value.thrift_spec if s is not None and getattr(value, s[2], None) is not None}
    if isinstance(value, (set, frozenset)):
        return sorted(to_json(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {to_json(k): to_json(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def failure(error):
    answer = {"ok": False, "exception": type(error).__name__}
    if hasattr(error, "type"):
        answer["type"] = error.type
    if hasattr(error, "thrift_spec"):
        answer["value"] = to_json(error)
        answer["message"] = getattr(error, "reason", None) or str(error)
    else:
        answer["message"] = getattr(error, "message", None) or str(error)
    return answer


class Connection:
    def __init__(self, host, port, transport, protocol, multiplexed, timeout_ms):
        self.host, self.port, self.transport, self.protocol = host, port, transport, protocol
        self.multiplexed, self.timeout_ms = multiplexed, timeout_ms
        self.trans = None

    def open(self):
        socket = TSocket.TSocket(self.host, self.port)
        socket.setTimeout(self.timeout_ms)
        if self.transport == "header":
            subprotocol = THeaderSubprotocolID.COMPACT if self.protocol == "compact" else THeaderSubprotocolID.BINARY
            self.header = THeaderProtocol(socket, (THeaderClientType.HEADERS,), subprotocol)
            base, self.trans = self.header, self.header.trans
        else:
            self.header = None
            wrap = TTransport.TFramedTransport if self.transport == "framed" else TTransport.TBufferedTransport
            self.trans = wrap(socket)
            base = TCompactProtocol.TCompactProtocol(self.trans) if self.protocol == "compact" else TBinaryProtocol.TBinaryProtocol(self.trans)
        self.trans.open()
        self.clients = {
            name: module.Client(TMultiplexedProtocol(base, name) if self.multiplexed else base) for name, module in SERVICES.items()
        }

    def close(self):
        if self.trans is not None:
            try:
                self.trans.close()
            except Exception:
                pass
        self.trans = None

    def run(self, calls):
        answers = [None] * len(calls)
        try:
            if self.trans is None:
                self.open()
        except Exception as error:
            self.close()
            return [failure(error) for _ in calls]
        sent = []
        broken = None
        for index, call in enumerate(calls):
            service = call.get("service", "Greeter")
            module = SERVICES.get(service)
            method = call["method"]
            args_type = getattr(module, method + "_args", None) if module else None
            if args_type is None:
                answers[index] = {"ok": False, "exception": "UnknownMethod", "message": "%s has no method %s" % (service, method)}
                continue
            client = self.clients[service]
            fields = [s for s in args_type.thrift_spec if s is not None]
            args = [from_json(s[1], s[3], v) for s, v in zip(fields, call.get("args", []))]
            try:
                if self.header is not None:
                    for key, value in (call.get("headers") or {}).items():
                        self.header.set_header(key.encode(), value.encode())
                getattr(client, "send_" + method)(*args)
                sent.append((index, client, method))
            except Exception as error:
                broken = failure(error)
                answers[index] = broken
                break
        for index, client, method in sent:
            if broken is not None:
                answers[index] = broken
                continue
            receive = getattr(client, "recv_" + method, None)
            if receive is None:
                answers[index] = {"ok": True, "value": None}
                continue
            try:
                answers[index] = {"ok": True, "value": to_json(receive())}
            except TApplicationException as error:
                answers[index] = failure(error)
            except TException as error:
                answers[index] = failure(error)
                if not hasattr(error, "thrift_spec"):
                    broken = answers[index]
            except Exception as error:
                broken = answers[index] = failure(error)
            if self.header is not None and broken is None:
                answers[index]["headers"] = to_json(self.header.get_headers())
        if broken is not None:
            answers = [answer if answer is not None else broken for answer in answers]
            self.close()
        return answers


def main():
    host, port, transport, protocol = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    connection = Connection(host, port, transport, protocol, sys.argv[5] == "1", int(sys.argv[6]))
    print("ready", flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        answers = connection.run(request["calls"])
        print(json.dumps({"id": request["id"], "answers": answers}), flush=True)
    connection.close()


if __name__ == "__main__":
    main()
