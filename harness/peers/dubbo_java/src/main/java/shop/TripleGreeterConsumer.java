package shop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcContext;

/**
 * A Dubbo 3 Triple consumer of TripleGreeterService at tri://[::1]:PORT (hessian2, no registry, no retries, 5 s
 * timeout; Dubbo would swap an IPv4 loopback target for the host's own address), one reference and so one HTTP/2
 * connection. Driven line by line: each stdin line "ID<TAB>METHOD<TAB>ARG<TAB>k=v;k=v" is one call with those client
 * attachments (Triple sends them as HTTP/2 headers), run on its own thread so calls overlap on the connection; each
 * answer is printed as "ID<TAB>ok<TAB>RESULT" or "ID<TAB>error<TAB>CLASS: MESSAGE". Prints "ready" first.
 * Usage: TripleGreeterConsumer PORT
 */
public class TripleGreeterConsumer {
    private static Object call(TripleGreeterService greeter, String method, String arg) {
        switch (method) {
            case "greet": return greeter.greet(arg);
            case "attachment": return greeter.attachment(arg);
            case "order": return greeter.order(arg);
            case "preview": return greeter.preview(arg);
            default: throw new IllegalArgumentException("no method " + method);
        }
    }

    private static String oneLine(String text) {
        return text == null ? "null" : text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    public static void main(String[] args) throws Exception {
        ApplicationConfig application = new ApplicationConfig("triple-greeter-consumer");
        application.setQosEnable(false);
        DubboBootstrap.getInstance().application(application);
        ReferenceConfig<TripleGreeterService> reference = new ReferenceConfig<>();
        reference.setInterface(TripleGreeterService.class);
        reference.setUrl("tri://[::1]:" + args[0] + "/" + TripleGreeterService.class.getName());
        reference.setRetries(0);
        reference.setTimeout(5000);
        reference.setCheck(false);
        Map<String, String> parameters = new HashMap<>();
        parameters.put("serialization", "hessian2");
        parameters.put("prefer.serialization", "hessian2");
        reference.setParameters(parameters);
        DubboBootstrap.getInstance().reference(reference);
        TripleGreeterService greeter = reference.get();
        ExecutorService pool = Executors.newCachedThreadPool();
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.split("\t", -1);
            pool.submit(() -> {
                String answer;
                try {
                    if (!f[3].isEmpty()) {
                        for (String pair : f[3].split(";")) {
                            int eq = pair.indexOf('=');
                            RpcContext.getClientAttachment().setAttachment(pair.substring(0, eq), pair.substring(eq + 1));
                        }
                    }
                    answer = "ok\t" + oneLine(String.valueOf(call(greeter, f[1], f[2])));
                } catch (Throwable e) {
                    answer = "error\t" + oneLine(e.getClass().getName() + ": " + e.getMessage());
                } finally {
                    RpcContext.removeClientAttachment();
                }
                synchronized (System.out) {
                    System.out.println(f[0] + "\t" + answer);
                    System.out.flush();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        DubboBootstrap.getInstance().stop();
        System.exit(0);
    }
}
