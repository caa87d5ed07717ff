package org.mysqldiscovery.common.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import org.mysqldiscovery.common.config.Range;

/**
 * A mysqld (or ProxySQL) address, {@code host:port}, IPv6 as {@code [addr]:port}. Spelled exactly as Orchestrator
 * names it: the spelling is the identity (quarantines are keyed by it), so no normalisation beyond validation.
 */
public record Instance(String host, int port) implements Comparable<Instance> {
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public Instance {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("instance host is missing");
        }
        Range.checkValue("instance port", port, 1, 65535);
        if (host.contains(":")) {
            if (!isIpv6Literal(host)) {
                throw new IllegalArgumentException("instance host " + Quoting.quote(host) + " is not a valid IPv6 address");
            }
        } else if (!HOSTNAME.matcher(host).matches()) {
            throw new IllegalArgumentException("instance host " + Quoting.quote(host)
                    + " is not a valid host name or IPv4 address");
        }
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    @JsonCreator
    public static Instance parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("instance is missing: expected host:port");
        }
        if (text.length() > 300) {
            throw new IllegalArgumentException("instance " + Quoting.quote(text) + " is too long");
        }
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("instance " + Quoting.quote(text)
                        + " is invalid: expected [IPv6]:port");
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
            if (!host.contains(":")) {
                throw new IllegalArgumentException("instance " + Quoting.quote(text)
                        + " is invalid: brackets are only for IPv6 addresses");
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("instance " + Quoting.quote(text) + " has no port: expected host:port");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
            if (host.contains(":")) {
                throw new IllegalArgumentException("instance " + Quoting.quote(text)
                        + " is invalid: write IPv6 addresses in brackets, [addr]:port");
            }
        }
        if (portText.isEmpty() || portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("instance " + Quoting.quote(text) + " has an invalid port "
                    + Quoting.quote(portText) + ": expected 1..65535");
        }
        return new Instance(host, Integer.parseInt(portText));
    }

    private static boolean isIpv6Literal(String host) {
        if (!IPV6.matcher(host).matches() || host.indexOf("::") != host.lastIndexOf("::")) {
            return false;
        }
        // The JDK parses a string with ':' as an IPv6 literal only: it never goes to DNS for it.
        try {
            return java.net.InetAddress.getByName(host) != null;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** The canonical spelling, used as a ZooKeeper node name. */
    @JsonValue
    public String spelling() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public int compareTo(Instance other) {
        int byHost = host.compareTo(other.host);
        return byHost != 0 ? byHost : Integer.compare(port, other.port);
    }

    @Override
    public String toString() {
        return spelling();
    }
}
