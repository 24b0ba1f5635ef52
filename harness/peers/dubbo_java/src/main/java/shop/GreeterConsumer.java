package shop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcContext;

/**
 * A Dubbo consumer of GreeterService at dubbo://[::1]:PORT (hessian2, no registry, no retries), driven line by line:
 * each stdin line "ID<TAB>METHOD<TAB>ARG<TAB>GROUP<TAB>VERSION<TAB>k=v;k=v" is one call, run on its own thread so
 * calls overlap on the one connection Dubbo shares; each answer is printed as "ID<TAB>ok<TAB>RESULT" or
 * "ID<TAB>error<TAB>CLASS: MESSAGE". Prints "ready" first.
 * Usage: GreeterConsumer PORT
 */
public class GreeterConsumer {
    private static final Map<String, GreeterService> references = new ConcurrentHashMap<>();
    private static String url;

    private static GreeterService reference(String group, String version) {
        return references.computeIfAbsent(group + "/" + version, key -> {
            ReferenceConfig<GreeterService> reference = new ReferenceConfig<>();
            reference.setInterface(GreeterService.class);
            reference.setUrl(url);
            reference.setRetries(0);
            reference.setTimeout(5000);
            reference.setCheck(false);
            Map<String, String> parameters = new HashMap<>();
            parameters.put("serialization", "hessian2");
            parameters.put("prefer.serialization", "hessian2");
            reference.setParameters(parameters);
            if (!group.isEmpty()) reference.setGroup(group);
            if (!version.isEmpty()) reference.setVersion(version);
            DubboBootstrap.getInstance().reference(reference);
            return reference.get();
        });
    }

    private static Object call(GreeterService greeter, String method, String arg) throws Exception {
        switch (method) {
            case "greet": return greeter.greet(arg);
            case "fail": return greeter.fail(arg);
            case "nothing": return greeter.nothing();
            case "slow": return greeter.slow(Integer.parseInt(arg));
            case "describe": {
                Map<String, Object> values = new HashMap<>();
                values.put("int", 7);
                values.put("negative", -300000);
                values.put("long", 1L << 40);
                values.put("double", 2.5);
                values.put("text", "ünïcødé " + arg + " \uD83D\uDE00");
                values.put("flag", true);
                values.put("nothing", null);
                values.put("nested", Map.of("list", List.of(1, 2, 3)));
                List<Object> items = new ArrayList<>();
                items.add("x".repeat(70000));
                items.add(new byte[] {1, 2, 3});
                items.add(new java.util.Date(0));
                items.add(3.0f);
                Order first = new Order("o-1", 3, List.of("a", "b"));
                first.next = new Order("o-2", 4, List.of());
                first.next.next = first;
                items.add(first);
                byte[] blob = new byte[100000];
                for (int i = 0; i < blob.length; i++) blob[i] = (byte) i;
                return greeter.describe(values, items, first, blob, Long.MIN_VALUE, -0.125);
            }
            default: throw new IllegalArgumentException("no method " + method);
        }
    }

    private static String oneLine(String text) {
        return text == null ? "null" : text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    public static void main(String[] args) throws Exception {
        url = "dubbo://[::1]:" + args[0] + "/" + GreeterService.class.getName();
        ApplicationConfig application = new ApplicationConfig("greeter-consumer");
        application.setQosEnable(false);
        DubboBootstrap.getInstance().application(application);
        ExecutorService pool = Executors.newCachedThreadPool();
        System.out.println("ready");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.split("\t", -1);
            pool.submit(() -> {
                String answer;
                try {
                    GreeterService greeter = reference(f[3], f[4]);
                    if (!f[5].isEmpty()) {
                        for (String pair : f[5].split(";")) {
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
        pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        DubboBootstrap.getInstance().stop();
        System.exit(0);
    }
}
