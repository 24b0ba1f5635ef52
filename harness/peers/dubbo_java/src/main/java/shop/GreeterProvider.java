package shop;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcContext;

/**
 * A Dubbo provider of GreeterService on [::1]:PORT (Dubbo takes 127.x for "no host" and would bind every address) (dubbo protocol, hessian2, no registry), exported twice:
 * without group and version, and as group "beta" version "2.0.0". Prints "ready" once it listens.
 * Usage: GreeterProvider PORT NAME
 */
public class GreeterProvider implements GreeterService {
    private final String name;
    private final String export;

    GreeterProvider(String name, String export) {
        this.name = name;
        this.export = export;
    }

    public String greet(String who) {
        Map<String, Object> custom = new TreeMap<>();
        RpcContext.getServerAttachment().getObjectAttachments().forEach((key, value) -> {
            if (key.startsWith("x-")) custom.put(key, value);
        });
        return "hello, " + who + " from " + name + " (" + export + ")" + (custom.isEmpty() ? "" : " " + custom);
    }

    public String describe(Map<String, Object> values, List<Object> items, Order order, byte[] blob, long big, double ratio) {
        int depth = 0;
        for (Order o = order; o != null && depth < 100; o = o.next) depth++;
        return "values=" + values.size() + " items=" + items.size() + " orders=" + depth + " blob=" + blob.length + " big=" + big + " ratio=" + ratio;
    }

    public String fail(String reason) throws GreetingException {
        throw new GreetingException("refused: " + reason);
    }

    public String nothing() {
        return null;
    }

    public String slow(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "slept " + millis;
    }

    private static ServiceConfig<GreeterService> service(String name, String group, String version) {
        ServiceConfig<GreeterService> service = new ServiceConfig<>();
        service.setInterface(GreeterService.class);
        service.setRef(new GreeterProvider(name, group == null ? "default" : group + "/" + version));
        if (group != null) {
            service.setGroup(group);
            service.setVersion(version);
        }
        return service;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String name = args[1];
        ApplicationConfig application = new ApplicationConfig("greeter-provider");
        application.setQosEnable(false);
        ProtocolConfig protocol = new ProtocolConfig("dubbo", port);
        protocol.setHost("::1");
        protocol.setSerialization("hessian2");
        DubboBootstrap.getInstance()
            .application(application)
            .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
            .protocol(protocol)
            .service(service(name, null, null))
            .service(service(name, "beta", "2.0.0"))
            .start();
        System.out.println("ready");
        System.out.flush();
        DubboBootstrap.getInstance().await();
    }
}
