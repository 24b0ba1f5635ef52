package shop;

/** The exception GreeterService.fail declares. */
public class GreetingException extends Exception {
    public GreetingException(String message) {
        super(message);
    }
}
