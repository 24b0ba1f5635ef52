package shop;

import java.util.List;
import java.util.Map;

/** The service both peers share. Each method gives a test a different shape of call or answer. */
public interface GreeterService {
    /** A plain call: "hello, <name>" plus the provider's name and the attachments it received. */
    String greet(String name);

    /** Arguments of many Hessian2 types before the attachments, so a codec must skip them exactly. */
    String describe(Map<String, Object> values, List<Object> items, Order order, byte[] blob, long big, double ratio);

    /** Throws the declared exception: a response of type "exception". */
    String fail(String reason) throws GreetingException;

    /** Answers null: a response of type "null value". */
    String nothing();

    /** Answers after `millis` ms: calls in flight overlap on one connection. */
    String slow(int millis);
}
