package dev.meridian.server.policy.config;

import dev.meridian.probes.config.ConfigException;
import dev.meridian.probes.config.YamlNode;
import dev.meridian.probes.plan.CheckSpec;
import dev.meridian.probes.plan.CheckTarget;
import dev.meridian.probes.plan.CheckTiming;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Reads an endpoint's health check ({@code check:} on the endpoint, or on its region for all its endpoints). The
 * address checked defaults to the address answered, but may differ (a NAT, an internal health port).
 */
final class CheckReader {
    private static final Set<String> KEYS = Set.of("type", "address", "port", "path", "method", "host", "sni",
            "expect", "body", "qname", "qtype", "rcode", "interval", "timeout", "rise", "fall");
    private static final Pattern STATUS_RANGE = Pattern.compile("([1-5][0-9]{2})(?:-([1-5][0-9]{2}))?");

    private CheckReader() {
    }

    /**
     * @param node the check, or missing for none
     * @param endpointKey the endpoint's health key
     * @param defaultAddress the endpoint's answered address (or CNAME target) to check when none is given
     */
    static CheckTarget read(YamlNode node, String endpointKey, String region, String defaultAddress)
            throws ConfigException {
        if (node.isMissing()) {
            return null;
        }
        node.onlyKeys(KEYS);
        String type = node.get("type").text("http");
        String address = node.get("address").text(defaultAddress);
        CheckSpec spec = switch (type) {
            case "http", "https" -> http(node, address, type.equals("https"));
            case "tcp" -> new CheckSpec.Tcp(address, port(node, -1));
            case "dns" -> dns(node, address);
            default -> throw node.get("type").error("unknown check type '" + type + "'; expected http, https, tcp or dns");
        };
        return new CheckTarget(endpointKey, region, spec, timing(node));
    }

    private static CheckSpec http(YamlNode node, String address, boolean tls) throws ConfigException {
        String expect = node.get("expect").text("200-399");
        Matcher m = STATUS_RANGE.matcher(expect);
        if (!m.matches()) {
            throw node.get("expect").error("'" + expect + "' is not a status or status range such as 200-399");
        }
        int min = Integer.parseInt(m.group(1));
        int max = m.group(2) == null ? min : Integer.parseInt(m.group(2));
        if (max < min) {
            throw node.get("expect").error("status range " + expect + " ends before it starts");
        }
        String path = node.get("path").text("/");
        if (!path.startsWith("/")) {
            throw node.get("path").error("path must start with '/'");
        }
        String host = node.get("host").text(null);
        return new CheckSpec.Http(address, port(node, tls ? 443 : 80), tls, node.get("method").text("GET"), path,
                host, node.get("sni").text(host), min, max, node.get("body").text(null));
    }

    private static CheckSpec dns(YamlNode node, String address) throws ConfigException {
        YamlNode qname = node.get("qname");
        if (qname.isMissing()) {
            throw node.error("a dns check needs 'qname', the name to ask for");
        }
        int qtype = Type.value(node.get("qtype").text("A"));
        if (qtype < 0) {
            throw node.get("qtype").error("unknown record type '" + node.get("qtype").text() + "'");
        }
        int rcode = Rcode.value(node.get("rcode").text("NOERROR"));
        if (rcode < 0) {
            throw node.get("rcode").error("unknown rcode '" + node.get("rcode").text() + "'");
        }
        return new CheckSpec.Dns(address, port(node, 53), qname.text(), qtype, rcode);
    }

    private static int port(YamlNode node, int fallback) throws ConfigException {
        if (fallback < 0 && node.get("port").isMissing()) {
            throw node.error("a tcp check needs 'port'");
        }
        return (int) node.get("port").integer(1, 65535, fallback);
    }

    private static CheckTiming timing(YamlNode node) throws ConfigException {
        CheckTiming d = CheckTiming.DEFAULT;
        Duration interval = node.get("interval").duration(d.interval());
        Duration timeout = node.get("timeout").duration(d.timeout().compareTo(interval) < 0 ? d.timeout()
                : interval.dividedBy(2));
        try {
            return new CheckTiming(interval, timeout, (int) node.get("rise").integer(1, 100, d.rise()),
                    (int) node.get("fall").integer(1, 100, d.fall()));
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }
}
