package shop;

import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcContext;

/**
 * A Dubbo 3 Triple provider of TripleGreeterService on [::1]:PORT only (protocol "tri", hessian2, no registry).
 * Every answer names the provider (NAME, e.g. v1 or v2). Each call it serves is printed as "call<TAB>METHOD<TAB>ARG"
 * before it answers, so a test sees which calls reached it. Prints "ready" once it listens.
 * Usage: TripleGreeterProvider PORT NAME
 */
public class TripleGreeterProvider implements TripleGreeterService {
    private final String name;

    TripleGreeterProvider(String name) {
        this.name = name;
    }

    private void served(String method, String arg) {
        synchronized (System.out) {
            System.out.println("call\t" + method + "\t" + String.valueOf(arg).replace('\t', ' ').replace('\n', ' '));
            System.out.flush();
        }
    }

    public String greet(String who) {
        served("greet", who);
        return "hello, " + who + " from " + name;
    }

    public String attachment(String key) {
        served("attachment", key);
        Object value = RpcContext.getServerAttachment().getObjectAttachment(key);
        return key + "=" + (value == null ? "absent" : value) + " at " + name;
    }

    public String order(String item) {
        served("order", item);
        return "order " + item + " placed at " + name;
    }

    public String preview(String who) {
        served("preview", who);
        return "preview of " + who + " from " + name;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String name = args[1];
        ApplicationConfig application = new ApplicationConfig("triple-greeter-provider");
        application.setQosEnable(false);
        ProtocolConfig protocol = new ProtocolConfig("tri", port);
        protocol.setHost("::1");
        protocol.setSerialization("hessian2");
        ServiceConfig<TripleGreeterService> service = new ServiceConfig<>();
        service.setInterface(TripleGreeterService.class);
        service.setRef(new TripleGreeterProvider(name));
        DubboBootstrap.getInstance()
            .application(application)
            .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
            .protocol(protocol)
            .service(service)
            .start();
        System.out.println("ready");
        System.out.flush();
        DubboBootstrap.getInstance().await();
    }
}
