package shop;

/**
 * The service of the Triple peers (interface mode: no .proto; Triple carries the hessian2-serialized arguments in its
 * wrapper message). On the wire each method is an HTTP/2 POST to /shop.TripleGreeterService/<method>.
 */
public interface TripleGreeterService {
    /** "hello, <name> from <provider>". */
    String greet(String name);

    /** "<name>=<value> at <provider>": the attachment (an HTTP/2 header on the wire) as the provider received it, or "absent". */
    String attachment(String name);

    /** "order <item> placed at <provider>": the method the tests limit. */
    String order(String item);

    /** "preview of <name> from <provider>": the method the tests route to v2. */
    String preview(String name);
}
