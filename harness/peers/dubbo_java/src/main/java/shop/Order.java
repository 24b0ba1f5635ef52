package shop;

import java.io.Serializable;
import java.util.List;

/** An object argument: a Hessian2 class definition, then instances (and references to them). */
public class Order implements Serializable {
    public String id;
    public int quantity;
    public List<String> tags;
    public Order next;

    public Order() {}

    public Order(String id, int quantity, List<String> tags) {
        this.id = id;
        this.quantity = quantity;
        this.tags = tags;
    }
}
