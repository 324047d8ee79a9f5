package xianfeng.devnode;

import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.DevNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts one loopback-only, single-node Elasticsearch for development and tests.
 *
 * <p>Usage: {@code DevNodeMain <http-port> <data-dir>}. Runs in the foreground until SIGTERM /
 * SIGINT; devnode.sh puts it in the background. The node is built directly (no
 * org.elasticsearch.bootstrap.Elasticsearch), so there is no root check, no bootstrap checks, no
 * security manager / entitlements, no JarHell scan: fine for a dev box, not for production.
 */
public final class DevNodeMain {

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: DevNodeMain <http-port> <data-dir>");
            System.exit(2);
        }
        final long t0 = System.nanoTime();
        final int httpPort = Integer.parseInt(args[0]);
        final Path dataDir = Path.of(args[1]).toAbsolutePath().normalize();
        final Path home = dataDir.resolve("home");
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(dataDir.resolve("logs"));

        Settings settings = Settings.builder()
            .put("node.name", "xianfeng-devnode")
            .put("cluster.name", "xianfeng-devnode")
            .put("path.home", home.toString())
            .put("path.data", dataDir.resolve("data").toString())
            .put("path.logs", dataDir.resolve("logs").toString())
            // Loopback only: keeps ES in "development mode" (no bootstrap checks) and off the LAN.
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            // Own transport range so a real ES on 9300-9399 on the same box is never joined or hit.
            .put("transport.port", (httpPort + 100) + "-" + (httpPort + 199))
            .put("discovery.type", "single-node")
            // Small dev disks would otherwise trip the flood-stage watermark and make indices read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("logger.level", System.getProperty("devnode.log.level", "INFO"))
            .build();

        // ES logging must be initialised before any ES class logs (console appender -> log file via devnode.sh).
        LogConfigurator.setNodeName(settings.get("node.name"));
        LogConfigurator.configureWithoutConfig(settings);

        Node node = new DevNode(
            new Environment(settings, home.resolve("config")),
            List.of(
                Netty4Plugin.class,             // HTTP + transport implementation
                WhitespaceAnalysisPlugin.class, // "whitespace" tokenizer (analysis-common substitute)
                RootInfoPlugin.class            // GET/HEAD "/" (rest-root substitute) for ping()/info()
            )
        );

        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.prepareForClose();
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }, "devnode-shutdown"));

        node.start();
        System.out.printf("devnode started: http://127.0.0.1:%d in %d ms (pid %d)%n",
            httpPort, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), ProcessHandle.current().pid());
        System.out.flush();
        // ES worker threads are daemons (the real bootstrap keeps a dedicated keep-alive thread).
        closed.await();
    }
}
