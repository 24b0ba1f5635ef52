"""A Thrift server on Apache Thrift's Python library (harness/peers/thrift.ts starts it).

    server.py HOST PORT TRANSPORT PROTOCOL SERVICE

TRANSPORT is framed, buffered or header; PROTOCOL binary or compact (a header server reads the subprotocol each
client's header names and answers in it); SERVICE is Greeter, Inventory or multiplexed (both, registered under those
names). PYTHONPATH holds the thrift library and the code thrift-compiler generated from shop.thrift. Prints "ready"
once it listens; one thread per connection, so a slow call holds only its own connection.

THeader info headers: every header a call brought is written back on its reply as "echo-<name>", and Greeter.headers()
returns them.
"""
import sys
import threading
import time

from thrift.protocol import TBinaryProtocol, TCompactProtocol
from thrift.protocol.THeaderProtocol import THeaderProtocolFactory
from thrift.server import TServer
from thrift.Thrift import TMessageType
from thrift.TMultiplexedProcessor import TMultiplexedProcessor
from thrift.transport import TSocket, TTransport
from thrift.transport.THeaderTransport import THeaderClientType, THeaderSubprotocolID

from shop import Greeter, Inventory
from shop.ttypes import GreetingError, Item, Receipt

current = threading.local()
notified = {"count": 0, "last": ""}
notified_lock = threading.Lock()


class GreeterHandler:
    def greet(self, name):
        return "hello, %s" % name

    def ping(self):
        pass

    def notify(self, event):
        with notified_lock:
            notified["count"] += 1
            notified["last"] = event

    def notified(self):
        with notified_lock:
            return "%d:%s" % (notified["count"], notified["last"])

    def fail(self, reason):
        raise GreetingError(reason=reason)

    def crash(self, reason):
        raise RuntimeError(reason)

    def order(self, order):
        by_name = {}
        count = 0
        total = 0.0
        quantities = []
        for line in order.lines or []:
            seen = set()
            for key, item in line.items():
                by_name.setdefault(key, []).append(item)
                count += 1
                total += item.price * item.quantity
                seen.add(item.quantity)
            quantities.append(seen)
        if order.gift is not None:
            by_name.setdefault("gift", []).append(order.gift)
            count += 1
        if order.express:
            total += 5.0
        return Receipt(orderId=order.id, byName=by_name, count=count, total=total, quantities=quantities)

    def slow(self, millis):
        time.sleep(millis / 1000.0)
        return "slept %d" % millis

    def headers(self):
        return dict(getattr(current, "headers", {}))


class InventoryHandler:
    def stock(self, item):
        return len(item)

    def greet(self, name):
        return "inventory greets %s" % name


class HeaderAwareProcessor:
    """Keeps the connection's protocol where the message-begin hook can read its THeader info headers."""

    def __init__(self, inner):
        self.inner = inner

    def process(self, iprot, oprot):
        current.protocol = iprot
        current.headers = {}
        return self.inner.process(iprot, oprot)


def on_message_begin(name, mtype, seqid):
    protocol = current.protocol
    if not hasattr(protocol, "get_headers"):
        return
    received = {k.decode("utf-8", "replace"): v.decode("utf-8", "replace") for k, v in protocol.get_headers().items()}
    current.headers = received
    if mtype != TMessageType.ONEWAY:
        for key, value in received.items():
            protocol.set_header(("echo-" + key).encode(), value.encode())


def main():
    host, port, transport, protocol, service = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    processors = {"Greeter": Greeter.Processor(GreeterHandler()), "Inventory": Inventory.Processor(InventoryHandler())}
    if service == "multiplexed":
        processor = TMultiplexedProcessor()
        for name, inner in processors.items():
            processor.registerProcessor(name, inner)
    else:
        processor = processors[service]
    processor.on_message_begin(on_message_begin)

    if transport == "header":
        default = THeaderSubprotocolID.COMPACT if protocol == "compact" else THeaderSubprotocolID.BINARY
        tfactory = TTransport.TTransportFactoryBase()
        pfactory = THeaderProtocolFactory((THeaderClientType.HEADERS,), default)
    else:
        tfactory = TTransport.TFramedTransportFactory() if transport == "framed" else TTransport.TBufferedTransportFactory()
        pfactory = TCompactProtocol.TCompactProtocolFactory() if protocol == "compact" else TBinaryProtocol.TBinaryProtocolFactory()

    socket = TSocket.TServerSocket(host=host, port=port)
    server = TServer.TThreadedServer(HeaderAwareProcessor(processor), socket, tfactory, pfactory, daemon=True)
    socket.listen()
    socket.listen = lambda: None  # serve() listens again otherwise
    print("ready", flush=True)
    server.serve()


if __name__ == "__main__":
    main()
