package org.mysqldiscovery.sandbox.suite;

/**
 * Takes a real ProxySQL down and brings it back, for the proxysql-outage scenario (a container is paused, say). The
 * stand-in needs none: the sandbox stops and restarts it itself.
 */
public interface ProxySqlOutage {

    /** Afterwards the admin interface answers nothing. */
    void takeDown();

    /** Afterwards the admin interface answers again, with the configuration it had. */
    void bringBack();
}
