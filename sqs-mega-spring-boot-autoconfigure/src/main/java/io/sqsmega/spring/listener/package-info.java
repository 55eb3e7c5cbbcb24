/**
 * Listener methods: how an {@link io.sqsmega.spring.MegaListener} method is checked at startup,
 * bound to a message and invoked.
 */
package io.sqsmega.spring.listener;
