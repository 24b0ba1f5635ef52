// The IDL the Thrift test peers serve (harness/peers/thrift.ts compiles it with Debian's thrift-compiler 0.17 for
// Node and Python). Greeter covers each kind of call a Thrift filter sees; Inventory is the second service a
// multiplexed server registers (its greet shares a method name with Greeter's, so only the "Service:" prefix tells
// them apart on the wire).
namespace py shop
namespace js shop

enum Color {
  RED = 1,
  GREEN = 2,
  BLUE = 3,
}

struct Item {
  1: string name,
  2: i32 quantity,
  3: double price,
  4: optional list<string> tags,
  5: optional Color color,
}

struct Order {
  1: i64 id,
  2: list<map<string, Item>> lines,
  3: set<string> labels,
  4: optional Item gift,
  5: bool express = false,
}

struct Receipt {
  1: i64 orderId,
  2: map<string, list<Item>> byName,
  3: i32 count,
  4: double total,
  5: list<set<i16>> quantities,
}

exception GreetingError {
  1: string reason,
}

service Greeter {
  /** "hello, <name>" */
  string greet(1: string name),
  /** Returns nothing. */
  void ping(),
  /** Oneway: no reply; notified() tells how many arrived and the last event. */
  oneway void notify(1: string event),
  /** How many notify calls this server process saw, and the last event: "<count>:<event>". */
  string notified(),
  /** Throws GreetingError(reason). */
  string fail(1: string reason) throws (1: GreetingError error),
  /** Throws an undeclared error: the library answers TApplicationException. */
  string crash(1: string reason),
  /** Nested containers and structs both ways. */
  Receipt order(1: Order order),
  /** Answers "slept <millis>" after sleeping that long. */
  string slow(1: i32 millis),
  /** The THeader info headers the server read with this call (empty for other transports). */
  map<string, string> headers(),
}

service Inventory {
  i32 stock(1: string item),
  /** "inventory greets <name>" */
  string greet(1: string name),
}
