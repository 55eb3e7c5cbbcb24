/**
 * The MEGA event model: {@link io.sqsmega.event.MegaEvent} with its event section, optional
 * object section and extra, built with a validating builder and bound to POJOs with Jackson.
 */
package io.sqsmega.event;
