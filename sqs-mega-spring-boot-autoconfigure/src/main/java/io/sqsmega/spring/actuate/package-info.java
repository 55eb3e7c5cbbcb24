/** The {@code mega} Actuator endpoint: queues, listeners, their bindings and counts. */
package io.sqsmega.spring.actuate;
