package org.mysqldiscovery.sandbox.proxysql;

/**
 * An authenticated connection, for the few answers that depend on who asks ({@code SELECT current_user()}) and
 * on how the client reads result sets.
 *
 * @param user          the authenticated user
 * @param clientAddress the client's IP address as text
 * @param connectionId  the id sent in the greeting
 * @param deprecateEof  the client asked for CLIENT_DEPRECATE_EOF (result sets end with an OK, not an EOF)
 */
record SessionInfo(String user, String clientAddress, long connectionId, boolean deprecateEof) {
}
