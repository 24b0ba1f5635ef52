// The real Apache Dubbo (3.3.6, from Maven Central) on both sides of the dubbo filter: harness/peers/dubbo_java is
// compiled once into .cache/dubbo-java (Maven resolves the classpath into .cache/m2, javac compiles), then a provider
// listens on [::1] and a consumer process takes calls on stdin and prints what Dubbo answered. The consumer is given
// dubbo://[::1]:PORT: Dubbo would swap an IPv4 loopback target for the host's own address.
import { createHash } from "node:crypto";
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { cacheDir, projectRoot } from "../paths.js";
import { aptInstall, commandFailed, runCommand, withLock, type Log } from "../tools.js";
import { freeLoopbackPort, startReadyProcess, stopProcess, type ReadyProcess } from "./local_process.js";

const SOURCE_DIR = "harness/peers/dubbo_java";
const START_TIMEOUT_MS = 60_000;

async function sourceFiles(): Promise<string[]> {
  const javaDir = join(projectRoot(), SOURCE_DIR, "src/main/java/shop");
  return [join(projectRoot(), SOURCE_DIR, "pom.xml"), ...(await readdir(javaDir)).sort().map((name) => join(javaDir, name))];
}

/** The classpath to run the peers with, building them first when their sources changed. */
export async function dubboClasspath(log: Log = () => {}): Promise<string> {
  const out = join(cacheDir(), "dubbo-java");
  const stamp = join(out, "built");
  const hash = createHash("sha256");
  for (const file of await sourceFiles()) hash.update(file).update(await readFile(file));
  const wanted = hash.digest("hex");
  const classpathFile = join(out, "classpath.txt");
  const built = async () => (await readFile(stamp, "utf8").catch(() => "")) === wanted;
  if (!(await built())) {
    await withLock("dubbo-java", log, async () => {
      if (await built()) return;
      const mvn = await aptInstall("maven", "mvn", log);
      const javac = await aptInstall("openjdk-17-jdk-headless", "javac", log);
      await mkdir(out, { recursive: true });
      log("dubbo peers: resolving org.apache.dubbo:dubbo:3.3.6 with Maven (the first run downloads it)...");
      const resolve = await runCommand(mvn, ["-q", "-B", "-f", join(projectRoot(), SOURCE_DIR, "pom.xml"), `-Dmaven.repo.local=${join(cacheDir(), "m2")}`, "dependency:build-classpath", `-Dmdep.outputFile=${classpathFile}`], { timeoutMs: 600_000 });
      if (resolve.exitCode !== 0) throw commandFailed("mvn dependency:build-classpath", resolve);
      const sources = (await sourceFiles()).filter((file) => file.endsWith(".java"));
      const compile = await runCommand(javac, ["-nowarn", "-d", join(out, "classes"), "-cp", (await readFile(classpathFile, "utf8")).trim(), ...sources]);
      if (compile.exitCode !== 0) throw commandFailed("javac the dubbo peers", compile);
      await writeFile(stamp, wanted);
    });
  }
  return `${join(out, "classes")}:${(await readFile(classpathFile, "utf8")).trim()}`;
}

/** Starts a peer class and waits for its "ready" line. */
export async function startJava(mainClass: string, args: string[], log: Log): Promise<ReadyProcess> {
  const classpath = await dubboClasspath(log);
  const java = await aptInstall("openjdk-17-jre-headless", "java", log);
  return startReadyProcess(mainClass, java, ["-Xss1m", "-XX:TieredStopAtLevel=1", "-cp", classpath, mainClass, ...args], { timeoutMs: START_TIMEOUT_MS });
}

export interface DubboProvider {
  port: number;
  name: string;
  stop(): Promise<void>;
}

/** A GreeterService provider on [::1]:port, exported plain and as group "beta" version "2.0.0". */
export async function startDubboProvider(name: string, log: Log = () => {}): Promise<DubboProvider> {
  const port = await freeLoopbackPort("::1");
  const java = await startJava("shop.GreeterProvider", [String(port), name], log);
  return { port, name, stop: () => stopProcess(java.child) };
}

export interface DubboCall {
  method: "greet" | "describe" | "fail" | "nothing" | "slow";
  arg?: string;
  group?: string;
  version?: string;
  attachments?: Record<string, string>;
}

/** What the Java consumer got: the value, or the exception's class and message. */
export interface DubboAnswer {
  ok: boolean;
  /** The value as text, or "<exception class>: <message>". */
  text: string;
}

export interface DubboConsumer {
  /** One call; calls made without awaiting overlap on the consumer's one connection. */
  call(call: DubboCall): Promise<DubboAnswer>;
  stop(): Promise<void>;
}

/** A field of a consumer's stdin line: tabs, newlines and the attachment separators become spaces. */
export const consumerField = (text: string): string => text.replace(/[\t\n;=]/g, " ");

/** Attachments as the consumers read them: "k=v;k=v". */
export function attachmentsField(attachments: Record<string, string> = {}): string {
  return Object.entries(attachments).map(([k, v]) => `${consumerField(k)}=${consumerField(v)}`).join(";");
}

/**
 * The line protocol of the Java consumers: each call is "ID<TAB>FIELDS..." on stdin, each answer
 * "ID<TAB>ok|error<TAB>TEXT" on stdout; calls still waiting when the consumer exits are answered with its stderr.
 */
export function consumerLines(java: ReadyProcess): { send(fields: string[]): Promise<DubboAnswer>; stop(): Promise<void> } {
  const waiting = new Map<number, (answer: DubboAnswer) => void>();
  let nextId = 1;
  void (async () => {
    for await (const line of { [Symbol.asyncIterator]: () => java.lines }) {
      const [id, status, ...text] = line.split("\t");
      waiting.get(Number(id))?.({ ok: status === "ok", text: text.join("\t") });
      waiting.delete(Number(id));
    }
    for (const resolve of waiting.values()) resolve({ ok: false, text: `the consumer exited:\n${java.stderr()}` });
    waiting.clear();
  })();
  return {
    send(fields: string[]): Promise<DubboAnswer> {
      const id = nextId++;
      const answer = new Promise<DubboAnswer>((resolve) => waiting.set(id, resolve));
      java.child.stdin!.write([id, ...fields].join("\t") + "\n");
      return answer;
    },
    async stop() {
      java.child.stdin!.end();
      await stopProcess(java.child);
    },
  };
}

/** A Java consumer of dubbo://[::1]:port (hessian2, no retries, 5 s timeout). */
export async function startDubboConsumer(port: number, log: Log = () => {}): Promise<DubboConsumer> {
  const consumer = consumerLines(await startJava("shop.GreeterConsumer", [String(port)], log));
  return {
    call: (call) => consumer.send([call.method, consumerField(call.arg ?? ""), call.group ?? "", call.version ?? "", attachmentsField(call.attachments)]),
    stop: () => consumer.stop(),
  };
}
