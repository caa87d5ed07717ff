package org.mysqldiscovery.health.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.regex.Pattern;
import org.mysqldiscovery.common.config.FieldException;
import org.mysqldiscovery.common.config.Range;
import org.mysqldiscovery.common.model.Quoting;

/**
 * The port probed in tcp mode (ProxySQL hosts). Defaults to the host and port of {@code instance}.
 *
 * @param host address to connect to
 * @param port port to connect to
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TcpSettings(String host, Integer port) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]{1,253}|[0-9A-Fa-f:.]{2,45}");

    public TcpSettings {
        if (host != null && !HOST.matcher(host).matches()) {
            throw new FieldException("host", Quoting.quote(host) + " is not a host name or IP address");
        }
        if (port != null) {
            Range.check("port", port, 1, 65535);
        }
    }

    TcpSettings withDefaults(String defaultHost, int defaultPort) {
        return new TcpSettings(host == null ? defaultHost : host, port == null ? defaultPort : port);
    }
}
