package io.sqsmega.sample;

/**
 * A data object (no MEGA envelope) a carrier integration publishes; listeners receive it bound to
 * this record.
 *
 * @param shipmentId the shipment
 * @param carrier the carrier, e.g. {@code DHL}
 * @param status e.g. {@code delayed}
 * @param etaDays days until delivery
 */
public record ShipmentUpdate(String shipmentId, String carrier, String status, int etaDays) {
}
