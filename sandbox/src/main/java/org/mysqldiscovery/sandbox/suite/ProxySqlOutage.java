package org.mysqldiscovery.sandbox.suite;

/**
 * Takes the ProxySQL the sync writes to down and brings it back, for the proxysql-outage scenario: the stand-in is
 * stopped and restarted by the sandbox itself; a real one needs the caller's way (a container is paused, say).
 */
public interface ProxySqlOutage {

    /** Afterwards the admin interface answers nothing. */
    void takeDown();

    /** Afterwards the admin interface answers again, with the configuration it had. */
    void bringBack();
}
