/** The contracts of docs/DESIGN.md as code, shared by every program of the suite. */
package org.mysqldiscovery.common;
