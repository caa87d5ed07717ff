package org.mysqldiscovery.common.http;

/**
 * What {@code /health} answers: 200 when {@code healthy}, else 503, with {@code body} rendered as JSON.
 *
 * @param healthy whether the program is doing its job right now
 * @param body    a JSON-serialisable description (checks, states, reasons)
 */
public record HealthReport(boolean healthy, Object body) {
}
