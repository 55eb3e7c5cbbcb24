/**
 * Spring Modulith's event externalization through {@link io.sqsmega.spring.MegaTemplate}: events marked
 * {@code @Externalized} leave the application through Modulith's transactional outbox (its event
 * publication registry) and arrive at {@code @MegaListener}s.
 */
package io.sqsmega.spring.modulith;
