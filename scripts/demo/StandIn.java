import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A regional load balancer's stand-in for the demo: answers every HTTP request with 200 and the region's name, on one
 * loopback address, until stopped. It is a single source file run with {@code java StandIn.java REGION ADDRESS PORT}
 * because a JDK is the one thing the project already requires; the JDK's own HTTP server needs no dependency.
 */
public final class StandIn {
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: java StandIn.java REGION ADDRESS PORT");
            System.exit(2);
        }
        String region = args[0];
        InetAddress address = InetAddress.getByName(args[1]);
        if (!address.isLoopbackAddress()) {
            System.err.println("StandIn: " + args[1] + " is not a loopback address; the demo stays on loopback");
            System.exit(2);
        }
        byte[] body = (region + " ok\n").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(address, Integer.parseInt(args[2])), 16);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.err.println("stand-in " + region + " serving http://" + args[1] + ":" + args[2] + "/");
    }
}
